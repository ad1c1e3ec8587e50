// Everyday English words that callers say around a name but that are never a name themselves
// ("priscilla fairbanks SHOULD be added", "my ORDER number", "I'VE BEEN a customer"): function
// words, common verbs and adverbs, and nouns of call-centre talk. Lower case. Words that are also
// common names (will, may, mark, bill, grace, ...) are deliberately absent.
const words = (s: string): string[] => s.trim().split(/\s+/);

export const COMMON_WORDS: ReadonlySet<string> = new Set(words(`
  a about above across after afterwards again against ago ahead all almost alone along already also although always
  am among an and another any anybody anyone anything anyway anywhere are aren't around as at away back be became
  because become been before behind being below beside besides best better between beyond both but by can can't
  cannot could couldn't did didn't do does doesn't doing don't done down during each either else enough even ever
  every everybody everyone everything everywhere except few for from further get gets getting got gotten had hadn't
  has hasn't have haven't having he he's her here here's hers herself him himself his how however i i'd i'll i'm
  i've if in instead into is isn't it it'd it'll it's its itself just least less let let's like likely maybe me
  might mine more most mostly much must my myself near nearly need needs neither never next no nobody none nor not
  nothing now of off often on once one only onto or other others otherwise our ours ourselves out over own perhaps
  please quite rather really same she she's should shouldn't since so some somebody someone something sometimes
  somewhere soon still such than that that's the their theirs them themselves then there there's these they they'd
  they'll they're they've this those though through thus till to together too toward towards under unless until up
  upon us very via was wasn't we we'd we'll we're we've well were weren't what what's whatever when whenever where
  whether which while who who's whoever whole whom whose why with within without won't would wouldn't yes yet you
  you'd you'll you're you've your yours yourself yourselves yeah yep nope okay ok uh um hmm oh hi hello hey bye
  thanks thank sorry sure right wrong correct exactly actually basically
  add added ask asked asking be call called calling came change changed check checked checking come comes coming
  cancel cancelled close closed confirm confirmed cover covered deliver delivered did do does feel find fix fixed
  get give given go goes going gone gonna gotta happen happened hear heard help helped hold keep kept know knew
  leave left let look looked looking lose lost make made mean meant move moved need needed open opened order ordered
  pay paid put read received remember said say says see seen send sent set show speak speaking spoke start started
  stop stopped take taken talk talked tell think thought told try tried trying understand update updated use used
  using wait waiting want wanted was went were work worked working write wrote
  account address amount appointment balance bank bill billing box card case cell charge charges claim code company
  confirmation customer date day delivery department doctor email fee file form information insurance invoice issue
  item letter line message minute money month morning afternoon evening night number office order package password
  payment phone plan policy prescription problem question reason receipt record reference refund refill service
  statement status time today tomorrow tonight tracking transfer week weekend year years
  new old first last next other same good great fine bad late early long short whole main
  also maybe probably definitely certainly absolutely
`));
