"""The demo's question bank on child online protection and incident reporting, in English and Khmer: what the
reporting course teaches technology companies (grooming signs, reporting child sexual abuse material to the
national hotline without copying or sharing it, preserving evidence, age-appropriate design, privacy defaults,
escalation inside the company, the child helpline). Data only: trainings.demo_assessments writes it.

Each question: (kind, (text_en, text_km), (explanation_en, explanation_km), choices); a choice is
(text_en, text_km, right). True-or-false questions name only which answer is right (True or False).
"""

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"

# fmt: off
QUESTIONS = [
    (
        SINGLE,
        ("A moderator finds an image that appears to show the sexual abuse of a child. What should they do first?",
         "អ្នកត្រួតពិនិត្យខ្លឹមសាររកឃើញរូបភាពមួយ ដែលហាក់ដូចជាបង្ហាញពីការរំលោភបំពានផ្លូវភេទលើកុមារ។ "
         "តើគាត់គួរធ្វើអ្វីជាមុនសិន?"),
        ("Child sexual abuse material is never copied, downloaded or shared, not even to show that it exists. Report "
         "it through the company's procedure so that the hotline and the police can act; deleting it without "
         "reporting destroys evidence.",
         "សម្ភារៈរំលោភបំពានផ្លូវភេទលើកុមារ មិនត្រូវថតចម្លង ទាញយក ឬចែករំលែកឡើយ ទោះបីដើម្បីបង្ហាញថាវាមានក៏ដោយ។ "
         "ត្រូវរាយការណ៍តាមនីតិវិធីរបស់ក្រុមហ៊ុន ដើម្បីឱ្យខ្សែទូរស័ព្ទទាន់ហេតុការណ៍ និងប៉ូលិសអាចចាត់វិធានការ។ "
         "ការលុបចោលដោយមិនរាយការណ៍ គឺជាការបំផ្លាញភស្តុតាង។"),
        [
            ("Report it through the company's procedure to the national hotline, without copying or sharing it",
             "រាយការណ៍តាមនីតិវិធីរបស់ក្រុមហ៊ុនទៅខ្សែទូរស័ព្ទទាន់ហេតុការណ៍ជាតិ ដោយមិនថតចម្លង ឬចែករំលែកវា", True),
            ("Download a copy to their own computer as evidence",
             "ទាញយកច្បាប់ចម្លងមួយទុកក្នុងកុំព្យូទ័រផ្ទាល់ខ្លួនជាភស្តុតាង", False),
            ("Forward it to colleagues to ask whether it is illegal",
             "បញ្ជូនបន្តទៅមិត្តរួមការងារ ដើម្បីសួរថាតើវាខុសច្បាប់ឬអត់", False),
            ("Delete it at once and say nothing", "លុបវាចោលភ្លាម ហើយមិននិយាយអ្វីទាំងអស់", False),
        ],
    ),
    (
        TRUE_FALSE,
        ("It is acceptable to download child sexual abuse material to keep it as evidence for the police.",
         "ការទាញយកសម្ភារៈរំលោភបំពានផ្លូវភេទលើកុមារ ដើម្បីរក្សាទុកជាភស្តុតាងសម្រាប់ប៉ូលិស គឺអាចទទួលយកបាន។"),
        ("False. Downloading or keeping such material is an offence in itself in most countries. Keep the details of "
         "the report (link, account, time) and let the authorities secure the content.",
         "មិនពិត។ ការទាញយក ឬរក្សាទុកសម្ភារៈបែបនេះ គឺជាបទល្មើសនៅក្នុងប្រទេសភាគច្រើន។ ត្រូវរក្សាព័ត៌មានលម្អិតនៃការរាយការណ៍ "
         "(តំណភ្ជាប់ គណនី ពេលវេលា) ហើយទុកឱ្យអាជ្ញាធរជាអ្នករក្សាទុកខ្លឹមសារនោះ។"),
        False,
    ),
    (
        MULTIPLE,
        ("Which of these can be signs that an adult is grooming a child online? Choose all that apply.",
         "តើសញ្ញាណាខ្លះខាងក្រោមនេះ អាចបង្ហាញថាមនុស្សពេញវ័យម្នាក់កំពុងលួងលោមកុមារតាមអនឡាញ? "
         "សូមជ្រើសរើសចម្លើយទាំងអស់ដែលត្រឹមត្រូវ។"),
        ("Secrecy, gifts and moving to a private channel are classic steps of grooming: they build trust and cut the "
         "child off from the adults who could help.",
         "ការរក្សាការសម្ងាត់ ការផ្តល់អំណោយ និងការប្តូរទៅឆានែលឯកជន គឺជាជំហានធម្មតានៃការលួងលោម៖ "
         "វាកសាងការទុកចិត្ត ហើយញែកកុមារចេញពីមនុស្សពេញវ័យដែលអាចជួយពួកគេបាន។"),
        [
            ("Asking the child to keep their conversations secret", "សុំឱ្យកុមាររក្សាការសន្ទនារបស់ពួកគេជាការសម្ងាត់", True),
            ("Sending gifts or phone credit", "ផ្ញើអំណោយ ឬកាតបញ្ចូលលុយទូរស័ព្ទ", True),
            ("Asking to move the chat to a private app", "សុំប្តូរការជជែកទៅកម្មវិធីឯកជនមួយផ្សេងទៀត", True),
            ("Helping the whole class with homework in a moderated school forum",
             "ជួយថ្នាក់រៀនទាំងមូលធ្វើលំហាត់ នៅក្នុងវេទិកាសាលាដែលមានអ្នកត្រួតពិនិត្យ", False),
        ],
    ),
    (
        SINGLE,
        ("When you report an incident, which evidence should you preserve?",
         "នៅពេលអ្នករាយការណ៍អំពីឧប្បត្តិហេតុមួយ តើភស្តុតាងអ្វីខ្លះដែលអ្នកគួររក្សាទុក?"),
        ("Write down where and when, never keep the abusive content itself; the platform then preserves the account's "
         "data under its legal hold procedure.",
         "ត្រូវកត់ត្រាទីកន្លែង និងពេលវេលា ប៉ុន្តែមិនត្រូវរក្សាទុកខ្លឹមសាររំលោភបំពាននោះទេ។ "
         "បន្ទាប់មក វេទិកាត្រូវរក្សាទុកទិន្នន័យគណនី តាមនីតិវិធីរក្សាទុកទិន្នន័យស្របច្បាប់របស់ខ្លួន។"),
        [
            ("The link, the account's name or ID, the date and time, and a written note of what you saw",
             "តំណភ្ជាប់ ឈ្មោះ ឬលេខសម្គាល់គណនី កាលបរិច្ឆេទ និងម៉ោង ព្រមទាំងកំណត់ត្រាអំពីអ្វីដែលអ្នកបានឃើញ", True),
            ("Screenshots of the abusive images, sent to your manager by chat",
             "រូបថតអេក្រង់នៃរូបភាពរំលោភបំពាន ផ្ញើទៅអ្នកគ្រប់គ្រងរបស់អ្នកតាមការជជែក", False),
            ("Nothing: the platform keeps everything anyway", "មិនចាំបាច់ទេ ព្រោះវេទិការក្សាទុកអ្វីៗទាំងអស់រួចហើយ", False),
        ],
    ),
    (
        SINGLE,
        ("A 15-year-old user tells support that an adult threatens to publish their intimate images unless they send "
         "more. What do you do?",
         "អ្នកប្រើប្រាស់អាយុ ១៥ ឆ្នាំម្នាក់ប្រាប់ផ្នែកជំនួយថា មនុស្សពេញវ័យម្នាក់គំរាមផ្សព្វផ្សាយរូបភាពឯកជនរបស់គេ "
         "ប្រសិនបើគេមិនផ្ញើរូបបន្ថែម។ តើអ្នកធ្វើដូចម្តេច?"),
        ("This is the sexual extortion of a child, an emergency: escalate within the hour, never ask for the images, "
         "and point the child to the child helpline (1280 in Cambodia).",
         "នេះគឺជាការជំរិតផ្លូវភេទលើកុមារ ដែលជាករណីបន្ទាន់៖ ត្រូវបញ្ជូនបន្តក្នុងរយៈពេលមួយម៉ោង កុំសុំរូបភាពនោះដាច់ខាត "
         "ហើយណែនាំកុមារទៅកាន់ខ្សែទូរស័ព្ទជំនួយកុមារ (លេខ ១២៨០ នៅកម្ពុជា)។"),
        [
            ("Escalate at once to the child safety lead, secure the accounts and tell the user where to get help",
             "បញ្ជូនបន្តភ្លាមៗទៅអ្នកទទួលខុសត្រូវផ្នែកសុវត្ថិភាពកុមារ ការពារគណនី ហើយប្រាប់អ្នកប្រើប្រាស់ពីកន្លែងដែលអាចទទួលជំនួយ",
             True),
            ("Advise the user to pay so that the images are not published",
             "ណែនាំអ្នកប្រើប្រាស់ឱ្យបង់ប្រាក់ ដើម្បីកុំឱ្យរូបភាពត្រូវបានផ្សព្វផ្សាយ", False),
            ("Close the ticket: it is a private dispute between users",
             "បិទសំណើនេះ ព្រោះវាជាជម្លោះឯកជនរវាងអ្នកប្រើប្រាស់", False),
            ("Ask the user to send you the images so that you can check them",
             "សុំឱ្យអ្នកប្រើប្រាស់ផ្ញើរូបភាពមកអ្នក ដើម្បីពិនិត្យ", False),
        ],
    ),
    (
        TRUE_FALSE,
        ("Children's accounts should be private by default, with location sharing switched off.",
         "គណនីរបស់កុមារគួរតែជាគណនីឯកជនតាមលំនាំដើម ហើយការចែករំលែកទីតាំងត្រូវបានបិទ។"),
        ("True. Privacy by default protects the children who never open the settings: strangers cannot find, follow "
         "or locate them.",
         "ពិត។ ភាពឯកជនតាមលំនាំដើម ការពារកុមារដែលមិនដែលបើកការកំណត់៖ ជនចម្លែកមិនអាចស្វែងរក តាមដាន "
         "ឬដឹងពីទីតាំងរបស់ពួកគេបានទេ។"),
        True,
    ),
    (
        SINGLE,
        ("What does age-appropriate design ask of a product that children use?",
         "តើការរចនាសមស្របតាមអាយុ តម្រូវអ្វីពីផលិតផលដែលកុមារប្រើប្រាស់?"),
        ("The product is built for the children who really use it: safe defaults, no nudges to share more, clear "
         "language, and the child's best interests before engagement.",
         "ផលិតផលត្រូវបង្កើតឡើងសម្រាប់កុមារដែលពិតជាប្រើវា៖ ការកំណត់លំនាំដើមដែលមានសុវត្ថិភាព "
         "មិនជំរុញឱ្យចែករំលែកច្រើនពេក ភាសាច្បាស់លាស់ និងដាក់ផលប្រយោជន៍ឧត្តមរបស់កុមារមុនការទាក់ទាញអ្នកប្រើ។"),
        [
            ("Settings, features and language suited to the child's age, the child's best interests first",
             "ការកំណត់ មុខងារ និងភាសាដែលសមស្របនឹងអាយុរបស់កុមារ ដោយដាក់ផលប្រយោជន៍ឧត្តមរបស់កុមារជាចម្បង", True),
            ("Bright colours and cartoon characters", "ពណ៌ភ្លឺៗ និងតួអង្គគំនូរជីវចល", False),
            ("A line in the terms of service saying that users must be over 13",
             "ប្រយោគមួយនៅក្នុងលក្ខខណ្ឌប្រើប្រាស់ ដែលចែងថាអ្នកប្រើប្រាស់ត្រូវមានអាយុលើសពី ១៣ ឆ្នាំ", False),
        ],
    ),
    (
        SINGLE,
        ("Whom should an employee tell first in the company about a suspected child safety incident?",
         "តើបុគ្គលិកគួរប្រាប់នរណាមុនគេនៅក្នុងក្រុមហ៊ុន អំពីឧប្បត្តិហេតុដែលសង្ស័យថាប៉ះពាល់ដល់សុវត្ថិភាពកុមារ?"),
        ("Report a suspicion: certainty is not needed. The focal point decides on reporting to the authorities; "
         "warning the suspect can put the child in danger and destroy evidence.",
         "ត្រូវរាយការណ៍នៅពេលមានការសង្ស័យ មិនចាំបាច់រង់ចាំឱ្យប្រាកដទេ។ អ្នកសម្របសម្រួលជាអ្នកសម្រេចលើការរាយការណ៍ទៅអាជ្ញាធរ។ "
         "ការប្រាប់ជនសង្ស័យអាចធ្វើឱ្យកុមារមានគ្រោះថ្នាក់ និងបាត់បង់ភស្តុតាង។"),
        [
            ("The designated child safety focal point, as the escalation procedure says",
             "អ្នកសម្របសម្រួលផ្នែកសុវត្ថិភាពកុមារដែលបានចាត់តាំង ដូចដែលនីតិវិធីបញ្ជូនបន្តបានចែង", True),
            ("The marketing team, to prepare a statement", "ក្រុមទីផ្សារ ដើម្បីរៀបចំសេចក្តីថ្លែងការណ៍", False),
            ("Nobody until they are certain that it is abuse", "មិនប្រាប់នរណាទេ រហូតដល់ប្រាកដថាវាជាការរំលោភបំពាន", False),
            ("The suspected offender, to hear their side", "ជនសង្ស័យ ដើម្បីស្តាប់ការពន្យល់របស់គេ", False),
        ],
    ),
    (
        TRUE_FALSE,
        ("You must be certain that content is illegal before you report it to the hotline.",
         "អ្នកត្រូវតែប្រាកដថាខ្លឹមសារនោះខុសច្បាប់ មុននឹងរាយការណ៍ទៅខ្សែទូរស័ព្ទទាន់ហេតុការណ៍។"),
        ("False. Report in good faith when you suspect it: the hotline's analysts assess the content.",
         "មិនពិត។ ត្រូវរាយការណ៍ដោយសុចរិតនៅពេលអ្នកសង្ស័យ៖ អ្នកវិភាគរបស់ខ្សែទូរស័ព្ទទាន់ហេតុការណ៍ជាអ្នកវាយតម្លៃខ្លឹមសារនោះ។"),
        False,
    ),
    (
        MULTIPLE,
        ("Which of these belong in a company's child safeguarding policy? Choose all that apply.",
         "តើចំណុចណាខ្លះខាងក្រោមនេះ គួរមាននៅក្នុងគោលនយោបាយការពារកុមាររបស់ក្រុមហ៊ុន? "
         "សូមជ្រើសរើសចម្លើយទាំងអស់ដែលត្រឹមត្រូវ។"),
        ("A policy names who is responsible, how concerns are reported and handled and how staff are trained; it never "
         "puts the brand before the child.",
         "គោលនយោបាយត្រូវកំណត់អ្នកទទួលខុសត្រូវ របៀបរាយការណ៍ និងដោះស្រាយការព្រួយបារម្ភ និងរបៀបបណ្តុះបណ្តាលបុគ្គលិក។ "
         "វាមិនដែលដាក់កេរ្តិ៍ឈ្មោះក្រុមហ៊ុនមុនកុមារឡើយ។"),
        [
            ("A named person responsible for child safety",
             "បុគ្គលម្នាក់ដែលមានឈ្មោះច្បាស់លាស់ ទទួលខុសត្រូវលើសុវត្ថិភាពកុមារ", True),
            ("How staff report a concern, and how fast it is handled",
             "របៀបដែលបុគ្គលិករាយការណ៍អំពីការព្រួយបារម្ភ និងរយៈពេលនៃការដោះស្រាយ", True),
            ("Training for the staff who handle reports", "ការបណ្តុះបណ្តាលសម្រាប់បុគ្គលិកដែលដោះស្រាយការរាយការណ៍", True),
            ("A rule that incidents are kept from the authorities to protect the brand",
             "ច្បាប់ដែលលាក់ឧប្បត្តិហេតុពីអាជ្ញាធរ ដើម្បីការពារកេរ្តិ៍ឈ្មោះក្រុមហ៊ុន", False),
        ],
    ),
    (
        SINGLE,
        ("A child writes to your support chat, upset after a stranger sent them sexual messages. What is the best "
         "first answer?",
         "កុមារម្នាក់សរសេរមកផ្នែកជំនួយតាមការជជែករបស់អ្នក ដោយមានការតក់ស្លុត បន្ទាប់ពីជនចម្លែកម្នាក់បានផ្ញើសារផ្លូវភេទមកគេ។ "
         "តើចម្លើយដំបូងដែលល្អបំផុតគឺអ្វី?"),
        ("A child who is blamed stops telling. Reassure them, give practical steps and point to the helpline; then "
         "report the account inside the company.",
         "កុមារដែលត្រូវគេបន្ទោស នឹងឈប់ប្រាប់អ្នកដទៃ។ ត្រូវលួងលោមចិត្តគេ ផ្តល់ជំហានអនុវត្តជាក់ស្តែង "
         "និងណែនាំទៅកាន់ខ្សែទូរស័ព្ទជំនួយ។ បន្ទាប់មក ត្រូវរាយការណ៍អំពីគណនីនោះនៅក្នុងក្រុមហ៊ុន។"),
        [
            ("Thank them for telling you, say that it is not their fault, explain how to block and report, and give "
             "the child helpline's number",
             "អរគុណគេដែលបានប្រាប់ ប្រាប់ថាវាមិនមែនជាកំហុសរបស់គេទេ ពន្យល់ពីរបៀបបិទ និងរាយការណ៍ "
             "ហើយផ្តល់លេខខ្សែទូរស័ព្ទជំនួយកុមារ", True),
            ("Tell them that they should not have chatted with strangers", "ប្រាប់គេថា គេមិនគួរជជែកជាមួយជនចម្លែកទេ", False),
            ("Ask them to forward the messages to your personal account",
             "សុំឱ្យគេបញ្ជូនសារទាំងនោះមកគណនីផ្ទាល់ខ្លួនរបស់អ្នក", False),
        ],
    ),
    (
        TRUE_FALSE,
        ("Sharing a link to abusive content in a staff group chat is a safe way to alert the team.",
         "ការចែករំលែកតំណភ្ជាប់ទៅកាន់ខ្លឹមសាររំលោភបំពាន នៅក្នុងក្រុមជជែករបស់បុគ្គលិក "
         "គឺជាមធ្យោបាយសុវត្ថិភាពក្នុងការជូនដំណឹងដល់ក្រុម។"),
        ("False. Every share spreads the material and harms the child again. Use the reporting tool, which sends it "
         "only to those who must act.",
         "មិនពិត។ រាល់ការចែករំលែក គឺជាការផ្សព្វផ្សាយសម្ភារៈនោះ ហើយធ្វើឱ្យកុមាររងគ្រោះម្តងទៀត។ "
         "ត្រូវប្រើឧបករណ៍រាយការណ៍ ដែលផ្ញើវាទៅតែអ្នកដែលត្រូវចាត់វិធានការប៉ុណ្ណោះ។"),
        False,
    ),
    (
        SINGLE,
        ("Which default best protects children in a video-sharing app?",
         "តើការកំណត់លំនាំដើមមួយណា ដែលការពារកុមារបានល្អបំផុតនៅក្នុងកម្មវិធីចែករំលែកវីដេអូ?"),
        ("Most grooming starts with a private message from someone the child does not know: closing that door by "
         "default removes the easiest way in.",
         "ការលួងលោមភាគច្រើន ចាប់ផ្តើមពីសារឯកជនពីនរណាម្នាក់ដែលកុមារមិនស្គាល់៖ "
         "ការបិទផ្លូវនេះតាមលំនាំដើម គឺជាការកាត់ផ្តាច់ផ្លូវចូលដែលងាយស្រួលបំផុត។"),
        [
            ("Direct messages from strangers switched off for users under 16",
             "បិទការផ្ញើសារផ្ទាល់ពីជនចម្លែក សម្រាប់អ្នកប្រើប្រាស់អាយុក្រោម ១៦ ឆ្នាំ", True),
            ("Public profiles, so that children make friends faster",
             "ប្រវត្តិរូបសាធារណៈ ដើម្បីឱ្យកុមាររកមិត្តភក្តិបានលឿន", False),
            ("The child's school shown on their profile", "បង្ហាញឈ្មោះសាលារៀនរបស់កុមារនៅលើប្រវត្តិរូប", False),
        ],
    ),
    (
        SINGLE,
        ("The police send a lawful request for the data of an account suspected of abusing children. What does the "
         "company do?",
         "ប៉ូលិសផ្ញើសំណើស្របច្បាប់ ដើម្បីសុំទិន្នន័យរបស់គណនីមួយដែលសង្ស័យថាបានរំលោភបំពានលើកុមារ។ តើក្រុមហ៊ុនធ្វើអ្វី?"),
        ("Privacy law allows answering lawful requests, and a quick, checked answer can save a child. Warning the "
         "suspect is forbidden.",
         "ច្បាប់ស្តីពីឯកជនភាពអនុញ្ញាតឱ្យឆ្លើយតបសំណើស្របច្បាប់ ហើយចម្លើយរហ័សដែលបានពិនិត្យត្រឹមត្រូវ អាចជួយសង្គ្រោះកុមារបាន។ "
         "ការជូនដំណឹងដល់ជនសង្ស័យ ត្រូវបានហាមឃាត់។"),
        [
            ("Check the request with the legal team and answer it promptly, keeping the data secure",
             "ពិនិត្យសំណើនោះជាមួយក្រុមច្បាប់ ហើយឆ្លើយតបភ្លាមៗ ដោយរក្សាទិន្នន័យឱ្យមានសុវត្ថិភាព", True),
            ("Warn the account holder first", "ជូនដំណឹងដល់ម្ចាស់គណនីជាមុនសិន", False),
            ("Refuse: users' data is never shared", "បដិសេធ ព្រោះទិន្នន័យអ្នកប្រើប្រាស់មិនត្រូវចែករំលែកដាច់ខាត", False),
        ],
    ),
    (
        TRUE_FALSE,
        ("Staff who review reported content should have access to wellbeing support.",
         "បុគ្គលិកដែលពិនិត្យខ្លឹមសារដែលត្រូវបានរាយការណ៍ គួរតែទទួលបានការគាំទ្រផ្នែកសុខុមាលភាព។"),
        ("True. Reviewing abuse material harms the reviewers; rotation, limits and counselling keep them well and "
         "their judgement sound.",
         "ពិត។ ការពិនិត្យសម្ភារៈរំលោភបំពាន ប៉ះពាល់ដល់អ្នកពិនិត្យ។ ការផ្លាស់ប្តូរវេន ការកំណត់ពេលវេលា "
         "និងការប្រឹក្សាយោបល់ ជួយឱ្យពួកគេមានសុខភាពល្អ និងរក្សាការវិនិច្ឆ័យបានត្រឹមត្រូវ។"),
        True,
    ),
    (
        MULTIPLE,
        ("A report about a child in immediate danger arrives at night. Which steps are right? Choose all that apply.",
         "ការរាយការណ៍អំពីកុមារម្នាក់ដែលកំពុងស្ថិតក្នុងគ្រោះថ្នាក់ភ្លាមៗ បានមកដល់នៅពេលយប់។ តើជំហានណាខ្លះដែលត្រឹមត្រូវ? "
         "សូមជ្រើសរើសចម្លើយទាំងអស់ដែលត្រឹមត្រូវ។"),
        ("Immediate danger cannot wait for office hours: the escalation procedure has a contact on duty at all times, "
         "and the police come first when a life is at risk.",
         "គ្រោះថ្នាក់ភ្លាមៗមិនអាចរង់ចាំដល់ម៉ោងធ្វើការបានទេ៖ នីតិវិធីបញ្ជូនបន្តមានអ្នកទទួលបន្ទុកប្រចាំការគ្រប់ពេល "
         "ហើយប៉ូលិសត្រូវមកមុនគេ នៅពេលដែលជីវិតស្ថិតក្នុងគ្រោះថ្នាក់។"),
        [
            ("Call the child safety contact on duty at once", "ទូរស័ព្ទទៅអ្នកទទួលបន្ទុកសុវត្ថិភាពកុមារដែលកំពុងប្រចាំការភ្លាមៗ", True),
            ("Contact the police when a life may be at risk", "ទាក់ទងប៉ូលិស នៅពេលដែលជីវិតអាចស្ថិតក្នុងគ្រោះថ្នាក់", True),
            ("Wait for office hours so that the manager can decide",
             "រង់ចាំដល់ម៉ោងធ្វើការ ដើម្បីឱ្យអ្នកគ្រប់គ្រងសម្រេច", False),
            ("Write down what was reported, and when", "កត់ត្រាអ្វីដែលត្រូវបានរាយការណ៍ និងពេលវេលា", True),
        ],
    ),
]
# fmt: on
