// Common US given names and surnames, from public lists (SSA baby-name tables across decades,
// the Census surname table), widened with names common among US callers of many origins.
// Lower case, one space between entries.
const words = (s: string): string[] => s.trim().split(/\s+/);

export const FIRST_NAMES: readonly string[] = words(`
  james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony donald
  steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas
  eric jonathan stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis
  jerry tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold keith christian roger
  noah gerald carl terry sean austin arthur lawrence jesse dylan bryan joe jordan albert logan juan wayne ralph roy
  eugene louis philip bobby johnny luis carlos miguel ahmed mohammed muhammad wei raj victor vincent russell bruce
  billy randy howard fred harry phillip francis martin travis jeffery curtis shawn derek alan leonard todd marcus
  darren dustin cody corey troy mario ricardo antonio manuel jorge pedro rafael ramon francisco javier alejandro
  eduardo fernando sergio andres diego hector oscar ruben julio cesar angel marco lucas mateo liam oliver elijah
  owen caleb isaac levi jayden aiden mason gavin hunter connor evan luke dominic jaxon cameron colton brayden grayson
  maxwell max sebastian julian adrian xavier ian cole blake spencer garrett wesley bradley jared shane derrick
  darius andre terrence lamar malik jamal tyrone deshawn darnell reginald cedric marlon devon devin trevor chad brett
  seth clayton dean glen glenn dale duane dwayne lee neil allen calvin clarence earl floyd herman lloyd melvin norman
  stanley vernon warren wallace leon milton marvin rodney roland gordon lewis chester lester leroy willie jimmy tommy
  danny ricky kenny donnie stevie eddie frankie charlie sam ben nick tony andy greg jeff steve tim ron ken rick rob
  dan dave chris matt jim bob mike pat al ed hank ted
  mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
  kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen
  amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
  catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
  megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail
  alice julia sophia grace denise amber marilyn beverly danielle theresa diana natalie brittany charlotte marie kayla
  alexis lori priya mei fatima aisha sofia isabella lucia elena ana rosa carmen jane kate liz
  dana tracy stacy stacey wendy tina tammy crystal erin tiffany vanessa monica veronica yolanda yvonne valerie
  sylvia lorraine rita norma paula peggy connie darlene edna eleanor ellen emma esther ethel geraldine gladys irene
  jo josephine juanita june kay lillian lois louise lucille marjorie mildred pauline phyllis rhonda roberta rosemary
  sally sherry sheila suzanne thelma vera vicki wanda bonnie carla colleen dolores doris elaine gail jill joann
  kristen kristin leslie lynn marsha melanie misty regina robin shannon sonia stella tara toni tracey whitney
  brianna chloe ella avery mia harper evelyn abby addison aubrey audrey bella brooke claire gabriella hailey jasmine
  jenna jordyn kaitlyn katie kylie leah mackenzie madeline molly morgan nora paige riley savannah sydney taylor zoe
  layla luna penelope scarlett stella aria camila gianna aaliyah ariana naomi valentina ximena daniela gabriela
  mariana alejandra adriana guadalupe rocio marisol yesenia esperanza beatriz leticia lourdes consuelo dolores
  latoya latasha keisha tanisha shanice ebony imani jada kiara tamika shaniqua precious destiny diamond
  anjali deepa lakshmi sunita kavita neha pooja divya meera anita ravi arjun rahul vikram sanjay amit suresh
  rajesh ramesh anil sunil vijay deepak manish nikhil rohan siddharth krishna
  li ling yan ying jing hui xin jun hong ming hao jian feng lei tao yong zhen
  hiroshi takashi kenji yuki akiko keiko yumi haruto sakura
  minh linh thanh tuan duc huong lan mai ngoc phuong thu trinh quang
  jin hyun min seo ji soo young kyung sung
  omar hassan hussein ali yusuf ibrahim khalid tariq karim samir amir farid nadia leila layla yasmin zainab mariam
  amina khadija salma noor rania
  olga dmitri sergei ivan vladimir natasha svetlana irina tatiana anastasia katya yuri boris alexei nikolai
  tomasz piotr krzysztof agnieszka katarzyna magdalena malgorzata
  kwame kofi ama abena chidi chinedu emeka ngozi oluwaseun adebayo tunde folake ayodele obinna uchenna
  sean siobhan niamh aoife ciaran liam declan padraig brendan eamon finn
  hans klaus jurgen wolfgang stefan lars sven anders erik ingrid astrid greta
  giovanni giuseppe luca marco francesca giulia chiara alessandro matteo
  pierre jacques francois marie claude amelie camille
  keanu kai leilani kalani makana
  bronwyn priscilla rajesh
`);

export const LAST_NAMES: readonly string[] = words(`
  smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson
  thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young
  allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
  roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
  gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez
  wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez
  powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons romero
  jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes chen wang li zhang liu
  singh kumar shah khan ali o'brien o'connor murray obrien oconnor kowalski novak schmidt mueller rossi tanaka suzuki
  sato park choi
  bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez
  mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson
  porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson
  boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver
  ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight
  elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman
  johnston matthews pena richards contreras willis carpenter lawrence sandoval guerrero george chapman rios estrada
  ortega watkins greene nunez wheeler valdez harper burke larson santiago maldonado morrison franklin carlson austin
  dominguez carr lawson jacobs obrien lynch singh vega bishop montgomery oliver jensen harvey williamson gilbert dean
  sims espinoza howell li wong reid hanson le mccoy garrett burton fuller wang weber welch rojas lucas marquez fields
  park yang little banks padilla day walsh bowman schultz luna fowler mejia davidson acosta brewer may holland juarez
  newman pearson curtis cortez douglas schneider joseph barrett navarro figueroa keller avila wade molina stanley
  hopkins campos barnett bates chambers caldwell beck lambert miranda byrd craig ayala lowe frazier powers neal
  leonard gregory carrillo sutton fleming rhodes shelton schwartz norris jennings watts duran walters cohen mcdaniel
  moran parks steele vaughn becker holt deleon barker terry hale leon hail benson haynes horton miles lyons pham
  graves bush thornton wolfe warner cabrera mckinney mann zimmerman dawson lara fletcher page mccarthy love robles
  cervantes solis erickson reeves chang klein salinas fuentes baldwin daniel simon velasquez hardy higgins aguirre
  lin cummings chandler sharp barber bowen ochoa dennis robbins liu ramsey francis griffith paul blair oconnell
  mcbride hartwell castellanos fairbanks halvorsen iyer reddy rao nair menon pillai gupta sharma verma mehta joshi
  desai agarwal malhotra kapoor chopra bhatt
  huang zhao wu zhou xu sun zhu guo lin luo gao zheng liang xie tang han cao deng feng
  yamamoto watanabe ito nakamura kobayashi kato yoshida yamada sasaki matsumoto inoue kimura hayashi shimizu
  pham hoang huynh dang bui ngo duong trinh
  lim cho kang yoon jang jung shin han seo kwon
  haddad khoury nasser hussein abdullah rahman hassan ahmed ibrahim mahmoud
  ivanov petrov smirnov volkov popov sokolov kuznetsov
  nowak wisniewski wojcik kaminski lewandowski zielinski
  okafor okonkwo adeyemi adebayo oyelaran mensah asante boateng owusu
  fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf schroeder neumann schwarz
  lindqvist johansson andersson karlsson nilsson eriksson larsson olsen hansen jensen nielsen
  rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti
  dubois martin bernard durand leroy moreau laurent lefebvre
  o'neill o'sullivan o'reilly mcneil mcmahon mcgrath kavanagh doyle brennan byrne quinn fitzgerald gallagher
`);

/** Given names and surnames that are also everyday words: matched only after a name cue or beside a surname. */
export const AMBIGUOUS_NAMES = new Set(words(`
  will may june april august mark bill grace joy hope faith rose long bell price wood west cook king young white green
  gray brown hill park lee hall reed ward ann jean jack frank ray dean major art guy cole perry ross jordan martin
  thomas james kelly scott carter parker turner morgan cooper bailey taylor austin alexander justin li ali baker
  sanders brooks carol dana crystal amber heather summer autumn dawn destiny diamond precious hunter chase page love
  day fox stone rice black little banks fields lane miles power powers joseph paul ford hart knight shaw grant hunt
  rose holmes mason wells burns woods bishop chambers byrd craig lowe neal leonard gregory sharp dennis francis
  simon daniel chandler barber bowen hardy wolf may joy do he oh ma so le in sun ying long lin han sung min young soo
  jo kay al ed pat dale glen lynn robin sky terry ted ben max sam hank sean lucas day noor lan mai li
  jade ivy holly iris lily violet ruby pearl penny rain storm river
`));
