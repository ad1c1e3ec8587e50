// Common US given names and surnames (Census and SSA top lists, abridged). Lower case.
export const FIRST_NAMES: readonly string[] = [
  'james', 'john', 'robert', 'michael', 'william', 'david', 'richard', 'joseph', 'thomas', 'charles', 'christopher',
  'daniel', 'matthew', 'anthony', 'donald', 'steven', 'paul', 'andrew', 'joshua', 'kenneth', 'kevin', 'brian', 'george',
  'edward', 'ronald', 'timothy', 'jason', 'jeffrey', 'ryan', 'jacob', 'gary', 'nicholas', 'eric', 'jonathan', 'stephen',
  'larry', 'justin', 'scott', 'brandon', 'benjamin', 'samuel', 'gregory', 'frank', 'alexander', 'raymond', 'patrick',
  'jack', 'dennis', 'jerry', 'tyler', 'aaron', 'jose', 'adam', 'henry', 'nathan', 'douglas', 'zachary', 'peter', 'kyle',
  'walter', 'ethan', 'jeremy', 'harold', 'keith', 'christian', 'roger', 'noah', 'gerald', 'carl', 'terry', 'sean',
  'austin', 'arthur', 'lawrence', 'jesse', 'dylan', 'bryan', 'joe', 'jordan', 'albert', 'logan', 'juan', 'wayne', 'ralph',
  'roy', 'eugene', 'louis', 'philip', 'bobby', 'johnny', 'luis', 'carlos', 'miguel', 'ahmed', 'mohammed', 'wei', 'raj',
  'mary', 'patricia', 'jennifer', 'linda', 'elizabeth', 'barbara', 'susan', 'jessica', 'sarah', 'karen', 'lisa', 'nancy',
  'betty', 'margaret', 'sandra', 'ashley', 'kimberly', 'emily', 'donna', 'michelle', 'carol', 'amanda', 'dorothy',
  'melissa', 'deborah', 'stephanie', 'rebecca', 'sharon', 'laura', 'cynthia', 'kathleen', 'amy', 'angela', 'shirley',
  'anna', 'brenda', 'pamela', 'emma', 'nicole', 'helen', 'samantha', 'katherine', 'christine', 'debra', 'rachel',
  'carolyn', 'janet', 'catherine', 'maria', 'heather', 'diane', 'ruth', 'julie', 'olivia', 'joyce', 'virginia',
  'victoria', 'kelly', 'lauren', 'christina', 'joan', 'evelyn', 'judith', 'megan', 'andrea', 'cheryl', 'hannah',
  'jacqueline', 'martha', 'gloria', 'teresa', 'ann', 'sara', 'madison', 'frances', 'kathryn', 'janice', 'jean', 'abigail',
  'alice', 'julia', 'sophia', 'grace', 'denise', 'amber', 'marilyn', 'beverly', 'danielle', 'theresa', 'diana', 'natalie',
  'brittany', 'charlotte', 'marie', 'kayla', 'alexis', 'lori', 'priya', 'mei', 'fatima', 'aisha', 'sofia', 'isabella',
  'lucia', 'elena', 'ana', 'rosa', 'carmen', 'jane', 'tom', 'mike', 'dave', 'chris', 'matt', 'jim', 'bob', 'kate', 'liz',
];

export const LAST_NAMES: readonly string[] = [
  'smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez', 'hernandez',
  'lopez', 'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin', 'lee', 'perez', 'thompson',
  'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis', 'robinson', 'walker', 'young', 'allen', 'king', 'wright',
  'scott', 'torres', 'nguyen', 'hill', 'flores', 'green', 'adams', 'nelson', 'baker', 'hall', 'rivera', 'campbell',
  'mitchell', 'carter', 'roberts', 'gomez', 'phillips', 'evans', 'turner', 'diaz', 'parker', 'cruz', 'edwards',
  'collins', 'reyes', 'stewart', 'morris', 'morales', 'murphy', 'cook', 'rogers', 'gutierrez', 'ortiz', 'morgan',
  'cooper', 'peterson', 'bailey', 'reed', 'kelly', 'howard', 'ramos', 'kim', 'cox', 'ward', 'richardson', 'watson',
  'brooks', 'chavez', 'wood', 'james', 'bennett', 'gray', 'mendoza', 'ruiz', 'hughes', 'price', 'alvarez', 'castillo',
  'sanders', 'patel', 'myers', 'long', 'ross', 'foster', 'jimenez', 'powell', 'jenkins', 'perry', 'russell', 'sullivan',
  'bell', 'coleman', 'butler', 'henderson', 'barnes', 'gonzales', 'fisher', 'vasquez', 'simmons', 'romero', 'jordan',
  'patterson', 'alexander', 'hamilton', 'graham', 'reynolds', 'griffin', 'wallace', 'moreno', 'west', 'cole', 'hayes',
  'chen', 'wang', 'li', 'zhang', 'liu', 'singh', 'kumar', 'shah', 'khan', 'ali', 'o\'brien', 'o\'connor', 'murray',
  'obrien', 'kowalski', 'novak', 'schmidt', 'mueller', 'rossi', 'tanaka', 'suzuki', 'sato', 'park', 'choi',
];

/** Given names that are also everyday words: matched only after a name cue or beside a surname. */
export const AMBIGUOUS_NAMES = new Set([
  'will', 'may', 'june', 'april', 'august', 'mark', 'bill', 'grace', 'joy', 'hope', 'faith', 'rose', 'long', 'bell',
  'price', 'wood', 'west', 'cook', 'king', 'young', 'white', 'green', 'gray', 'brown', 'hill', 'park', 'lee', 'hall',
  'reed', 'ward', 'rose', 'ann', 'jean', 'jack', 'frank', 'ray', 'dean', 'major', 'art', 'guy', 'cole', 'perry', 'ross',
  'jordan', 'martin', 'thomas', 'james', 'kelly', 'scott', 'carter', 'parker', 'turner', 'morgan', 'cooper', 'bailey',
  'taylor', 'austin', 'alexander', 'justin', 'li', 'ali', 'long', 'baker', 'white', 'sanders', 'brooks', 'carol',
]);
