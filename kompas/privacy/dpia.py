"""A starter for the zone's data protection impact assessment (art. 35 GDPR): the risks to the
people whose data Kompas holds and the measures Kompas itself takes, written in our own words from
the reporting channel's threat model (kompas/reporting/README.md) and the rest of the design.

It is a start, not the assessment: the zone adds its own context (who runs the servers, who holds
which role, its procedures) and its data protection officer's opinion. Each risk names the rows of
the threat model it answers (``rows``, the start of each row's first cell); a test fails when the
threat model gains a row that no risk here answers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Risk:
    key: str
    texts: dict[str, tuple[str, str, str, str]]  # language -> (title, risk, measures, remains)
    rows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shown:
    key: str
    title: str
    risk: str
    measures: list[str]
    remains: str
    rows: int


RISKS: tuple[Risk, ...] = (
    Risk(
        "content",
        {
            "nl": (
                "Iemand leest wat een melder vertelde",
                "Wie de databank, een back-up of een beheerdersaccount in handen krijgt, leest de "
                "inhoud van meldingen, de identiteit van melders of de gesprekken.",
                "Elke melding heeft een eigen sleutel; tekst, betrokkenen, identiteit, berichten, "
                "notities, taken en bijlagen zijn ermee versleuteld.\n"
                "Die sleutel is alleen verzegeld voor de behandelaars, de ontvangstcode van de "
                "melder en de herstelsleutel, waarvan de private helft in delen bij verschillende "
                "houders ligt en nergens bewaard wordt.\n"
                "Bijlagen worden versleuteld opgeslagen, hun metadata verwijderd.\n"
                "Back-ups zijn versleuteld met een wachtwoordzin.",
                "Een behandelaar die zijn dossier leest, leest het; wie een aangemeld toestel van "
                "een behandelaar overneemt, ook. De zone beslist wie behandelaar is.",
            ),
            "fr": (
                "Quelqu'un lit ce qu'un auteur de signalement a raconté",
                "Qui obtient la base de données, une sauvegarde ou un compte d'administrateur lit "
                "le contenu des signalements, l'identité des auteurs ou les échanges.",
                "Chaque signalement a sa propre clé ; texte, personnes citées, identité, "
                "messages, notes, tâches et pièces jointes sont chiffrés avec elle.\n"
                "Cette clé n'est scellée que pour les gestionnaires, le reçu de l'auteur et la clé "
                "de secours, dont la moitié privée est partagée entre plusieurs détenteurs et "
                "conservée nulle part.\n"
                "Les pièces jointes sont stockées chiffrées, leurs métadonnées retirées.\n"
                "Les sauvegardes sont chiffrées avec une phrase secrète.",
                "Un gestionnaire qui lit son dossier le lit ; qui prend la main sur l'appareil "
                "connecté d'un gestionnaire aussi. La zone décide qui est gestionnaire.",
            ),
            "en": (
                "Someone reads what a reporter told",
                "Whoever gets the database, a backup or an administrator's account reads the "
                "content of reports, the identity of reporters or the conversations.",
                "Every report has its own key; text, people involved, identity, messages, notes, "
                "tasks and attachments are encrypted with it.\n"
                "That key is sealed only to the handlers, the reporter's receipt and the recovery "
                "key, whose private half is split among several holders and stored nowhere.\n"
                "Attachments are stored encrypted, their metadata removed.\n"
                "Backups are encrypted with a passphrase.",
                "A handler reading their case reads it; so does whoever takes over a handler's "
                "signed-in device. The zone decides who handles cases.",
            ),
        },
        rows=("Metadata inside attachments",),
    ),
    Risk(
        "anonymity",
        {
            "nl": (
                "Een anonieme melder wordt herkend aan wat rond de melding ligt",
                "Tijdstippen, volgnummers, de volgorde van rijen, bestandstijden, mails of "
                "sessiegegevens kunnen samen met een aanmelding of een dienstrooster tonen wie "
                "meldde, ook als de inhoud versleuteld is.",
                "Wat melders doen en wat op de eerste dag van een melding gebeurt, komt pas na "
                "die dag in de auditketen, in willekeurige volgorde en met alleen de dag.\n"
                "Meldingen en de rijen eromheen hebben willekeurige sleutels en nummers; de "
                "dagelijkse afsluiting herschrijft ze en zet bestandstijden op middernacht.\n"
                "Nieuwe anonieme meldingen worden pas de volgende dag in de lijsten en in het "
                "dagelijkse overzicht van de behandelaars getoond.\n"
                "De pagina's van melders schrijven niets in de sessie, de cache of de mailwachtrij, "
                "en bewaren geen adres, browser of cookie.",
                "Wie de databank live bekijkt tijdens de dag, of de transactielogboeken van de "
                "databank heeft, ziet rijen verschijnen: behandel die bestanden als de databank "
                "zelf. De mailserver houdt zijn eigen logboeken.",
            ),
            "fr": (
                "Un auteur anonyme est reconnu à ce qui entoure le signalement",
                "Heures, numéros d'ordre, ordre des lignes, dates des fichiers, courriels ou "
                "données de session peuvent, avec une connexion ou un horaire de service, montrer "
                "qui a signalé, même si le contenu est chiffré.",
                "Ce que font les auteurs et ce qui se passe le premier jour d'un signalement "
                "n'entre dans la chaîne d'audit qu'après ce jour, dans un ordre aléatoire et avec "
                "le jour seulement.\n"
                "Les signalements et les lignes qui les entourent ont des clés et des numéros "
                "aléatoires ; la clôture quotidienne les réécrit et met les dates des fichiers à "
                "minuit.\n"
                "Les nouveaux signalements anonymes n'apparaissent dans les listes et le résumé "
                "quotidien des gestionnaires que le lendemain.\n"
                "Les pages des auteurs n'écrivent rien dans la session, le cache ou la file des "
                "courriels, et ne gardent ni adresse, ni navigateur, ni cookie.",
                "Qui observe la base de données en direct pendant la journée, ou détient ses "
                "journaux de transactions, voit des lignes apparaître : traitez ces fichiers "
                "comme la base elle-même. Le serveur de messagerie garde ses propres journaux.",
            ),
            "en": (
                "An anonymous reporter is recognised by what surrounds the report",
                "Times, sequence numbers, the order of rows, file times, mails or session data "
                "can, together with a sign-in or a duty roster, show who reported, even though "
                "the content is encrypted.",
                "What reporters do, and what happens on a report's first day, joins the audit "
                "chain only after that day, in random order and with the day only.\n"
                "Reports and the rows around them have random keys and numbers; the daily "
                "closing rewrites them and sets file times to midnight.\n"
                "New anonymous reports show in the lists and in the handlers' daily digest from "
                "the next day.\n"
                "Reporters' pages write nothing to the session, the cache or the mail queue, and "
                "keep no address, browser or cookie.",
                "Whoever watches the database live during the day, or holds its transaction "
                "logs, sees rows appear: treat those files as the database itself. The mail "
                "server keeps its own logs.",
            ),
        },
        rows=(
            "The audit chain's order",
            "Ids that line up across tables",
            "Report numbers in filing order",
            "Lists that show a report the moment it comes in",
            "Timed log lines of libraries",
            "The reporter's session row",
            "The shared cache's entries",
            "File times of attachments",
            "New-case mails",
            "PostgreSQL row versions",
            "SQLite's hidden rowid",
            "The session's copy in the cache",
            "Task rows of the mail queue",
            "Throttle counters in files",
            "User text in logs and tracebacks",
            "A year-long CSRF cookie",
        ),
    ),
    Risk(
        "concerned",
        {
            "nl": (
                "Wie in een melding genoemd wordt, hoort ervan of leest ze",
                "Een leidinggevende of behandelaar die zelf betrokken is, ziet het dossier, een "
                "registerlijn of een verschil in een lijst, en weet zo dat er over hem gemeld werd "
                "of door wie.",
                "Betrokkenen, de melder en op vraag de hiërarchische lijn van de melder krijgen "
                "nooit een sleutel; voor hen bestaat het dossier niet (dezelfde 404 als een "
                "onbekend nummer), en een poging wordt vastgelegd voor de "
                "integriteitsverantwoordelijke.\n"
                "Valt elke gewone behandelaar weg, dan gaat de melding naar vervangers en daarna "
                "naar een vaste reeks, nooit naar niemand.\n"
                "Registerhouders zien alleen de meldingen die hen gegeven werden; "
                "welzijnsmeldingen alleen de welzijnsroute.",
                "De behandelaars kennen de inhoud; wie een melding over zichzelf vermoedt, kan "
                "aan gedrag van collega's iets merken. Wanneer betrokkenen ingelicht worden (art. "
                "14 AVG, art. 22 richtlijn), beslist de behandelaar; Kompas legt vast wanneer en "
                "hoe, of waarom het uitgesteld wordt, en volgt de termijn op.",
            ),
            "fr": (
                "Une personne citée dans un signalement l'apprend ou le lit",
                "Un dirigeant ou un gestionnaire lui-même concerné voit le dossier, une ligne du "
                "registre ou une différence dans une liste, et sait ainsi qu'il a été signalé ou "
                "par qui.",
                "Les personnes concernées, l'auteur et, s'il le demande, sa ligne hiérarchique "
                "ne reçoivent jamais de clé ; pour eux le dossier n'existe pas (la même 404 qu'un "
                "numéro inconnu), et une tentative est enregistrée pour le responsable intégrité.\n"
                "Si tous les gestionnaires habituels sont écartés, le signalement va aux "
                "suppléants puis à une suite fixe, jamais à personne.\n"
                "Les tenants du registre ne voient que les signalements qui leur ont été "
                "attribués ; ceux sur le bien-être, la seule filière bien-être.",
                "Les gestionnaires connaissent le contenu ; qui se doute d'un signalement à son "
                "sujet peut le déduire du comportement de collègues. Le gestionnaire décide quand "
                "les personnes concernées sont informées (art. 14 RGPD, art. 22 directive) ; "
                "Kompas enregistre quand et comment, ou pourquoi c'est différé, et suit le délai.",
            ),
            "en": (
                "Someone named in a report learns of it or reads it",
                "A leader or handler who is involved sees the case, a register line or a "
                "difference in a list, and so learns that they were reported, or by whom.",
                "People involved, the reporter and, if the reporter asks, their chain of command "
                "never get a key; for them the case does not exist (the same 404 as an unknown "
                "number), and an attempt is recorded for the integrity officer.\n"
                "When every usual handler is kept out, the report goes to substitutes and then a "
                "fixed line, never to nobody.\n"
                "Register keepers see only the reports they were given; well-being reports only "
                "the well-being route.",
                "The handlers know the content; someone who suspects a report about them may read "
                "it in colleagues' behaviour. The handler decides when the people concerned are "
                "told (art. 14 GDPR, art. 22 of the directive); Kompas records when and how, or "
                "why it is delayed, and tracks the deadline.",
            ),
        },
        rows=(
            "A report routed to nobody",
            "A register line without a case in one's own list",
            "The one handler missing from a case",
            "A kept-out handler trying the case's URL",
            "Well-being cases in others' register lines",
            "Person ids enumerated",
        ),
    ),
    Risk(
        "identity",
        {
            "nl": (
                "De identiteit van een vertrouwelijke melder wordt zonder noodzaak onthuld",
                "Een behandelaar bekijkt de naam van een melder die vertrouwelijk meldde, uit "
                "nieuwsgierigheid of onder druk.",
                "De identiteit is apart verzegeld; een behandelaar ziet ze pas na een "
                "gemotiveerde vraag die een tweede persoon goedkeurt, en de melder hoort vooraf "
                "waarom, tenzij dat het onderzoek in gevaar brengt (met een verzegelde reden).\n"
                "Elke blik is geaudit.",
                "Wie de goedkeuring geeft, draagt de verantwoordelijkheid; de zone kiest wie dat "
                "mag.",
            ),
            "fr": (
                "L'identité d'un auteur confidentiel est révélée sans nécessité",
                "Un gestionnaire consulte le nom d'un auteur qui a signalé de manière "
                "confidentielle, par curiosité ou sous pression.",
                "L'identité est scellée à part ; un gestionnaire ne la voit qu'après une demande "
                "motivée qu'une deuxième personne approuve, et l'auteur apprend d'abord pourquoi, "
                "sauf si cela met l'enquête en danger (avec une raison scellée).\n"
                "Chaque consultation est auditée.",
                "Qui approuve porte la responsabilité ; la zone choisit qui le peut.",
            ),
            "en": (
                "A confidential reporter's identity is revealed without need",
                "A handler looks at the name of a reporter who reported confidentially, out of "
                "curiosity or under pressure.",
                "The identity is sealed apart; a handler sees it only after a reasoned request "
                "that a second person approves, and the reporter is told why first, unless that "
                "would endanger the investigation (with a sealed reason).\n"
                "Every look is audited.",
                "Whoever approves carries the responsibility; the zone chooses who may.",
            ),
        },
    ),
    Risk(
        "access",
        {
            "nl": (
                "Een account ziet meer dan het mag",
                "Een medewerker, leidinggevende of beheerder opent gegevens van collega's, "
                "dossiers of aangiftes buiten zijn rol.",
                "Alles wat niet toegelaten is, is geweigerd; elke lezing is beperkt tot wat de "
                "persoon mag zien, en wat buiten bereik ligt, bestaat niet (404).\n"
                "Rollen die meldingen, dossiers of personeelsgegevens zien, melden aan met een "
                "tweede factor en worden na korte inactiviteit afgemeld; ook tijdens het typen "
                "van een melding schuift die termijn niet op.\n"
                "Elke blik op gevoelige gegevens en elke wijziging staat in de auditlog, in "
                "dezelfde transactie.",
                "Wie een rol krijgt, beslist de zone; de auditlog toont misbruik achteraf, hij "
                "voorkomt het niet.",
            ),
            "fr": (
                "Un compte voit plus qu'il ne peut",
                "Un membre, un dirigeant ou un administrateur ouvre des données de collègues, des "
                "dossiers ou des déclarations hors de son rôle.",
                "Tout ce qui n'est pas permis est refusé ; chaque lecture est limitée à ce que la "
                "personne peut voir, et ce qui est hors de portée n'existe pas (404).\n"
                "Les rôles qui voient signalements, dossiers ou données du personnel se "
                "connectent avec un second facteur et sont déconnectés après une courte "
                "inactivité ; ce délai ne glisse pas pendant la rédaction d'un signalement.\n"
                "Chaque consultation de données sensibles et chaque modification figurent au "
                "journal d'audit, dans la même transaction.",
                "La zone décide qui reçoit un rôle ; le journal d'audit montre un abus après coup, "
                "il ne l'empêche pas.",
            ),
            "en": (
                "An account sees more than it may",
                "A member, leader or administrator opens colleagues' data, cases or declarations "
                "outside their role.",
                "Whatever is not allowed is refused; every read is scoped to what the person may "
                "see, and what is out of reach does not exist (404).\n"
                "Roles that see reports, cases or people's data sign in with a second factor and "
                "are signed out after a short idle time; that time does not slide while a report "
                "is being written.\n"
                "Every look at sensitive data and every change is in the audit log, in the same "
                "transaction.",
                "The zone decides who gets a role; the audit log shows abuse afterwards, it does "
                "not prevent it.",
            ),
        },
        rows=("A report's draft while an idle sign-out looms", "The colleague picker"),
    ),
    Risk(
        "figures",
        {
            "nl": (
                "Cijfers wijzen een persoon aan",
                "Een teller die met één melding verandert, of een kleine groep in een dienst, "
                "toont wie meldde of over wie.",
                "Cijfers over meldingen tellen tot het einde van de laatste volledige maand; "
                "kleine aantallen worden als '< 3' of '< 5' getoond; totalen alleen uit wat "
                "getoond wordt.",
                "Wie een dienst en een periode goed kent, kan uit grote aantallen nog iets "
                "afleiden; de zone kiest wat ze publiceert.",
            ),
            "fr": (
                "Des chiffres désignent une personne",
                "Un compteur qui change avec un seul signalement, ou un petit groupe dans un "
                "service, montre qui a signalé ou à propos de qui.",
                "Les chiffres sur les signalements comptent jusqu'à la fin du dernier mois "
                "complet ; les petits nombres s'affichent '< 3' ou '< 5' ; les totaux seulement à "
                "partir de ce qui est montré.",
                "Qui connaît bien un service et une période peut encore déduire quelque chose de "
                "grands nombres ; la zone choisit ce qu'elle publie.",
            ),
            "en": (
                "Figures point at a person",
                "A counter that moves with one report, or a small group in a service, shows who "
                "reported or about whom.",
                "Figures about reports count to the end of the last complete month; small "
                "numbers show as '< 3' or '< 5'; totals only from what is shown.",
                "Whoever knows a service and a period well may still infer something from large "
                "numbers; the zone chooses what it publishes.",
            ),
        },
        rows=("Figures that move with one report",),
    ),
    Risk(
        "votes",
        {
            "nl": (
                "Stemmen en scores worden aan personen gekoppeld",
                "In een training of een risicoanalyse toont een stem of score wie wat dacht.",
                "Stemmen en scores worden alleen per optie geteld; elke stem herschrijft alle "
                "tellers van een vraag, zodat geen rij een stem verraadt; resultaten pas vanaf "
                "een minimale groep.",
                "Een telefoon en de serversleutel tonen nog dat die telefoon stemde, nooit wat.",
            ),
            "fr": (
                "Des votes et des scores sont liés à des personnes",
                "Dans une formation ou une analyse de risques, un vote ou un score montre qui "
                "pensait quoi.",
                "Votes et scores ne sont comptés que par option ; chaque vote réécrit tous les "
                "compteurs d'une question, si bien qu'aucune ligne ne trahit un vote ; résultats "
                "seulement à partir d'un groupe minimal.",
                "Un téléphone et la clé du serveur montrent encore que ce téléphone a voté, "
                "jamais quoi.",
            ),
            "en": (
                "Votes and scores are tied to people",
                "In a training or a risk analysis, a vote or score shows who thought what.",
                "Votes and scores are counted per option only; every vote rewrites all the "
                "counters of a question, so that no row gives a vote away; results only from a "
                "minimal group.",
                "A phone and the server key still show that the phone voted, never what.",
            ),
        },
        rows=("Live votes read back from a phone", "Risk scores read back from a device"),
    ),
    Risk(
        "availability",
        {
            "nl": (
                "Het kanaal is onbereikbaar of verliest een melding",
                "Een aanvaller sluit melders buiten (ontvangstcodes raden, bestanden die de "
                "server uitputten), of een crash verliest een bevestigde melding.",
                "Foute ontvangstcodes worden per voorvoegsel beperkt, bij een vloed met een "
                "rekenproef in de browser; bestanden worden op hun grootte gecontroleerd vóór ze "
                "gelezen worden.\n"
                "Een melding is bevestigd pas als ze opgeslagen is (getest door de server zes "
                "keer te doden); mails wachten in een wachtrij tot de mailserver terug is.\n"
                "Versleutelde back-ups; een herstelsleutel voor wie zijn sleutel verliest.",
                "Tijdens een vloed heeft een melder JavaScript nodig of wacht hij; de zone zorgt "
                "voor back-ups en bewaking van de servers.",
            ),
            "fr": (
                "Le canal est inaccessible ou perd un signalement",
                "Un attaquant bloque les auteurs (deviner des reçus, des fichiers qui épuisent le "
                "serveur), ou une panne perd un signalement confirmé.",
                "Les reçus erronés sont limités par préfixe, avec une preuve de calcul dans le "
                "navigateur en cas d'afflux ; la taille des fichiers est contrôlée avant leur "
                "lecture.\n"
                "Un signalement n'est confirmé qu'une fois enregistré (testé en tuant le serveur "
                "six fois) ; les courriels attendent dans une file jusqu'au retour du serveur.\n"
                "Sauvegardes chiffrées ; une clé de secours pour qui perd sa clé.",
                "Pendant un afflux, un auteur a besoin de JavaScript ou doit attendre ; la zone "
                "assure sauvegardes et surveillance des serveurs.",
            ),
            "en": (
                "The channel is out of reach or loses a report",
                "An attacker locks reporters out (guessing receipts, files that exhaust the "
                "server), or a crash loses a confirmed report.",
                "Wrong receipts are limited per prefix, with a proof of work in the browser during "
                "a flood; files are checked on their size before they are read.\n"
                "A report is confirmed only once it is stored (tested by killing the server six "
                "times); mails wait in a queue until the mail server is back.\n"
                "Encrypted backups; a recovery key for whoever loses their key.",
                "During a flood a reporter needs JavaScript or waits; the zone sees to backups "
                "and to watching its servers.",
            ),
        },
        rows=("One attacker locks everybody out of follow-up", "Decompression bombs"),
    ),
    Risk(
        "audit",
        {
            "nl": (
                "De auditlog wordt vervalst of gewist",
                "Wie misbruik pleegt, wist of wijzigt het spoor ervan.",
                "De databank weigert wijzigen en wissen van audit-gebeurtenissen; elke "
                "gebeurtenis is met een sleutel aan de vorige geketend, en 'kompas "
                "verify-audit' wijst de eerste gebroken schakel aan.\n"
                "De auditlog bewaart wie, wat, wanneer en welke rol, nooit de inhoud.",
                "Wie de databank en de auditsleutel samen heeft, kan de keten herschrijven: "
                "bewaar de sleutel apart en vergelijk met back-ups.",
            ),
            "fr": (
                "Le journal d'audit est falsifié ou effacé",
                "Qui commet un abus efface ou modifie sa trace.",
                "La base de données refuse la modification et l'effacement des événements "
                "d'audit ; chaque événement est chaîné au précédent avec une clé, et 'kompas "
                "verify-audit' désigne le premier maillon rompu.\n"
                "Le journal garde qui, quoi, quand et sous quel rôle, jamais le contenu.",
                "Qui détient à la fois la base de données et la clé d'audit peut réécrire la "
                "chaîne : gardez la clé à part et comparez avec les sauvegardes.",
            ),
            "en": (
                "The audit log is forged or erased",
                "Whoever abuses access erases or changes its trace.",
                "The database refuses to change or delete audit events; every event is chained "
                "to the one before with a key, and 'kompas verify-audit' names the first broken "
                "link.\n"
                "The log keeps who, what, when and under which role, never the content.",
                "Whoever holds both the database and the audit key can rewrite the chain: keep "
                "the key apart and compare with backups.",
            ),
        },
    ),
    Risk(
        "retention",
        {
            "nl": (
                "Gegevens worden langer bewaard dan nodig",
                "Oude dossiers, aangiftes of sporen blijven bestaan na hun doel.",
                "Na de bewaartermijn vernietigt de dagelijkse opruiming de inhoud, bestanden en "
                "sleutels van afgesloten dossiers (het registerlijntje blijft, zoals de wet "
                "vraagt) en wist ze aangiftes; een juridische blokkering houdt een dossier tegen.\n"
                "De termijnen staan in de instellingen en in het register van "
                "verwerkingsactiviteiten.",
                "Nog zonder termijn: dossiers die nooit afgesloten worden, de auditlog, mensen die "
                "vertrokken, trainingen en risicoanalyses (zie het register).",
            ),
            "fr": (
                "Des données sont conservées plus longtemps que nécessaire",
                "D'anciens dossiers, déclarations ou traces subsistent après leur finalité.",
                "Après le délai de conservation, le nettoyage quotidien détruit le contenu, les "
                "fichiers et les clés des dossiers clôturés (la ligne du registre reste, comme la "
                "loi le demande) et efface les déclarations ; un gel juridique retient un "
                "dossier.\n"
                "Les délais figurent dans les réglages et dans le registre des activités de "
                "traitement.",
                "Encore sans délai : les dossiers jamais clôturés, le journal d'audit, les "
                "personnes parties, les formations et les analyses de risques (voir le "
                "registre).",
            ),
            "en": (
                "Data is kept longer than needed",
                "Old cases, declarations or traces remain after their purpose.",
                "After the retention period the daily purge destroys the content, files and keys "
                "of closed cases (the register line stays, as the law asks) and deletes "
                "declarations; a legal hold keeps a case.\n"
                "The periods are in the settings and in the records of processing.",
                "Still without a period: cases never closed, the audit log, people who left, "
                "trainings and risk analyses (see the records).",
            ),
        },
    ),
    Risk(
        "minimisation",
        {
            "nl": (
                "Er wordt meer verzameld dan nodig",
                "Formulieren vragen gegevens die de behandeling niet nodig heeft, of bijlagen "
                "dragen verborgen gegevens mee.",
                "Op het publieke formulier zijn contactgegevens optioneel en verzegeld; Kompas "
                "bewaart van melders geen adres of browser; bijlagen verliezen hun metadata; het "
                "formulier waarschuwt bij labels nooit namen te gebruiken.",
                "Wat een melder zelf schrijft, kan meer zijn dan nodig; behandelaars kunnen "
                "passages weglaten in het dossier dat ze uitvoeren.",
            ),
            "fr": (
                "On collecte plus que nécessaire",
                "Des formulaires demandent des données dont le traitement n'a pas besoin, ou des "
                "pièces jointes emportent des données cachées.",
                "Sur le formulaire public, les coordonnées sont facultatives et scellées ; Kompas "
                "ne garde des auteurs ni adresse ni navigateur ; les pièces jointes perdent leurs "
                "métadonnées ; le formulaire prévient de ne jamais mettre de noms dans les "
                "étiquettes.",
                "Ce qu'un auteur écrit lui-même peut aller au-delà du nécessaire ; les "
                "gestionnaires peuvent omettre des passages dans le dossier qu'ils exportent.",
            ),
            "en": (
                "More is collected than needed",
                "Forms ask for data the handling does not need, or attachments carry hidden "
                "data along.",
                "On the public form contact details are optional and sealed; Kompas keeps no "
                "address or browser of reporters; attachments lose their metadata; the form "
                "warns never to put names in tags.",
                "What a reporter writes may go beyond what is needed; handlers can leave out "
                "passages in the case file they export.",
            ),
        },
    ),
)

# What the zone itself still has to assess and write down.
STEPS: dict[str, list[str]] = {
    "nl": [
        "Beschrijf waar Kompas draait, wie de servers, back-ups en mailserver beheert, en met "
        "welke overeenkomsten.",
        "Leg vast wie welke rol krijgt, en hoe rollen herzien worden bij vertrek of wissel.",
        "Bepaal hoe en wanneer betrokkenen geïnformeerd worden, en wanneer dat uitgesteld wordt.",
        "Vul de termijnen aan die Kompas nog niet kent, en controleer de bestaande.",
        "Spreek af wie AVG-verzoeken registreert en beantwoordt, en wie beslist dat de "
        "klokkenluiderswet een recht beperkt (Kompas legt verzoek, termijn, antwoord en "
        "beperking vast).",
        "Laat de functionaris voor gegevensbescherming zijn advies geven en bewaar het bij deze "
        "beoordeling.",
    ],
    "fr": [
        "Décrivez où Kompas fonctionne, qui gère les serveurs, les sauvegardes et le serveur "
        "de messagerie, et avec quels contrats.",
        "Établissez qui reçoit quel rôle, et comment les rôles sont revus en cas de départ ou "
        "de changement.",
        "Déterminez comment et quand les personnes concernées sont informées, et quand cela est "
        "différé.",
        "Complétez les délais que Kompas ne connaît pas encore, et vérifiez les autres.",
        "Convenez de qui enregistre et traite les demandes RGPD, et de qui décide que la loi "
        "sur les lanceurs d'alerte limite un droit (Kompas enregistre la demande, le délai, la "
        "réponse et la limitation).",
        "Demandez l'avis du délégué à la protection des données et conservez-le avec cette "
        "analyse.",
    ],
    "en": [
        "Describe where Kompas runs, who manages the servers, the backups and the mail server, "
        "and under which agreements.",
        "Write down who gets which role, and how roles are reviewed when people leave or move.",
        "Decide how and when people concerned are informed, and when that is delayed.",
        "Add the periods Kompas does not know yet, and check the existing ones.",
        "Agree who registers and answers data-subject requests, and who decides that the "
        "whistleblowing law restricts a right (Kompas records the request, its deadline, the "
        "answer and the restriction).",
        "Ask the data protection officer for their opinion and keep it with this assessment.",
    ],
}


def in_language(language: str) -> list[Shown]:
    shown = []
    for risk in RISKS:
        title, said, measures, remains = risk.texts.get(language) or risk.texts["nl"]
        shown.append(
            Shown(risk.key, title, said, measures.split("\n"), remains, rows=len(risk.rows))
        )
    return shown


def steps(language: str) -> list[str]:
    return STEPS.get(language) or STEPS["nl"]
