"""The starter dilemmas speak to the reader as "u" (and "vous"), as the rest of Kompas does.

The Dutch starter texts that said "je", "jij", "jouw" or "jullie" (and the one French title that
said "ton", with its English twin) are rewritten. The starter set is shared and zones do not edit
it, but a text is rewritten only while it is still exactly the text Kompas shipped: a text changed
by hand in the database stays as it is. Backward puts the earlier texts back, on the same
condition.
"""

from django.db import migrations

# language -> earlier text -> text in one voice
TEXTS = {
    "nl": {
        "Na een reeks inbraken pakt jullie ploeg de daders op. De bakker uit de straat komt een grote taart brengen voor het hele team, 'als dank'.": "Na een reeks inbraken pakt uw ploeg de daders op. De bakker uit de straat komt een grote taart brengen voor het hele team, 'als dank'.",
        "De garage die de voertuigen van de zone onderhoudt, stuurt met Kerstmis zes flessen goede wijn naar jou als verantwoordelijke voor het wagenpark. Volgend jaar loopt de opdracht opnieuw af.": "De garage die de voertuigen van de zone onderhoudt, stuurt met Kerstmis zes flessen goede wijn naar u als verantwoordelijke voor het wagenpark. Volgend jaar loopt de opdracht opnieuw af.",
        "Je buurman weet dat je bij de politie werkt. Al een week staat een onbekende wagen voor zijn oprit. Hij vraagt of je 'even kunt kijken' van wie de nummerplaat is.": "Uw buurman weet dat u bij de politie werkt. Al een week staat een onbekende wagen voor zijn oprit. Hij vraagt of u 'even kunt kijken' van wie de nummerplaat is.",
        "Elke raadpleging van een politiedatabank moet een dienstreden hebben en wordt gelogd. 'Even kijken' voor een kennis is misbruik, ook zonder de naam door te geven. Je kunt wél helpen door de juiste weg te tonen.": "Elke raadpleging van een politiedatabank moet een dienstreden hebben en wordt gelogd. 'Even kijken' voor een kennis is misbruik, ook zonder de naam door te geven. U kunt wél helpen door de juiste weg te tonen.",
        "Je ziet een collega in de databank een naam opzoeken. Later vertelt hij lachend dat het de nieuwe vriend van zijn ex-vrouw is: 'ik wou gewoon weten wie het is'.": "U ziet een collega in de databank een naam opzoeken. Later vertelt hij lachend dat het de nieuwe vriend van zijn ex-vrouw is: 'ik wou gewoon weten wie het is'.",
        "In de privé-WhatsAppgroep van je ploeg post iemand een 'grappige' meme over een bevolkingsgroep die jullie vaak tegenkomen. Een paar collega's reageren met lachende smileys.": "In de privé-WhatsAppgroep van uw ploeg post iemand een 'grappige' meme over een bevolkingsgroep die de ploeg vaak tegenkomt. Een paar collega's reageren met lachende smileys.",
        "Ook in privégroepen geldt dat je gedrag het vertrouwen in de politie raakt. Zwijgen wordt vaak gelezen als instemmen. Wie de eerste stap zet, maakt het voor anderen makkelijker.": "Ook in privégroepen geldt dat uw gedrag het vertrouwen in de politie raakt. Zwijgen wordt vaak gelezen als instemmen. Wie de eerste stap zet, maakt het voor anderen makkelijker.",
        "Onder een bericht over een controle scheldt een burger de zone en jou bij naam uit, met onwaarheden. Je wil met je privéaccount reageren om de feiten recht te zetten.": "Onder een bericht over een controle scheldt een burger de zone en u bij naam uit, met onwaarheden. U wilt met uw privéaccount reageren om de feiten recht te zetten.",
        "Je neef aan het stuur": "Uw neef aan het stuur",
        "Tijdens een snelheidscontrole hou je een wagen tegen die 30 km/u te snel reed. Aan het stuur zit je neef. Er is geen collega in de buurt die het kan overnemen.": "Tijdens een snelheidscontrole houdt u een wagen tegen die 30 km/u te snel reed. Aan het stuur zit uw neef. Er is geen collega in de buurt die het kan overnemen.",
        "Een dringende taak mag je afwerken, maar correct en gelijk aan iedereen, en je meldt het achteraf aan je leidinggevende (Kompas kent daarvoor de melding van belangenvermenging). Een 'familiekorting' ondergraaft het gelijkheidsbeginsel.": "Een dringende taak mag u afwerken, maar correct en gelijk aan iedereen, en u meldt het achteraf aan uw leidinggevende (Kompas kent daarvoor de melding van belangenvermenging). Een 'familiekorting' ondergraaft het gelijkheidsbeginsel.",
        "Je wil in het weekend betaald steward worden bij de plaatselijke voetbalclub. Bij risicowedstrijden doet jouw dienst de ordehandhaving rond hetzelfde stadion.": "U wilt in het weekend betaald steward worden bij de plaatselijke voetbalclub. Bij risicowedstrijden doet uw dienst de ordehandhaving rond hetzelfde stadion.",
        "Een nevenactiviteit is niet verboden, maar moet verenigbaar zijn met je functie en wordt vooraf aangegeven. Hier is het contact met je eigen opdrachten groot: wat doe je bij rellen tussen supporters die je als steward kent?": "Een nevenactiviteit is niet verboden, maar moet verenigbaar zijn met uw functie en wordt vooraf aangegeven. Hier is het contact met uw eigen opdrachten groot: wat doet u bij rellen tussen supporters die u als steward kent?",
        "Een collega tankt met de tankkaart van de dienstwagen ook zijn eigen auto vol. 'Eén keer maar, mijn loon komt pas volgende week.' Hij vraagt je niets te zeggen.": "Een collega tankt met de tankkaart van de dienstwagen ook zijn eigen auto vol. 'Eén keer maar, mijn loon komt pas volgende week.' Hij vraagt u niets te zeggen.",
        "Je ploeg heeft een zware maand achter de rug. Een collega-teamleider rondt de overuren van zijn mensen altijd naar boven af 'voor de moraal' en raadt je aan hetzelfde te doen.": "Uw ploeg heeft een zware maand achter de rug. Een collega-teamleider rondt de overuren van zijn mensen altijd naar boven af 'voor de moraal' en raadt u aan hetzelfde te doen.",
        "Je betrapt de zoon van een schepen op vandalisme. Je leidinggevende zegt je 'het deze keer bij een verwittiging te houden, dat is beter voor iedereen'.": "U betrapt de zoon van een schepen op vandalisme. Uw leidinggevende zegt u 'het deze keer bij een verwittiging te houden, dat is beter voor iedereen'.",
        "Loyaliteit aan een leidinggevende is niet absoluut: een bevel dat tegen de wet of onze waarden ingaat, voer je niet uit en meld je hoger op. Gelijke behandeling geldt ook, en vooral, voor wie invloed heeft.": "Loyaliteit aan een leidinggevende is niet absoluut: een bevel dat tegen de wet of onze waarden ingaat, voert u niet uit en meldt u hoger op. Gelijke behandeling geldt ook, en vooral, voor wie invloed heeft.",
        "Een journalist die je kent": "Een journalist die u kent",
        "Een journalist met wie je op school zat, belt je na een zwaar ongeval van vannacht. Hij wil 'alleen bevestigen' of er een kind bij betrokken was.": "Een journalist met wie u op school zat, belt u na een zwaar ongeval van vannacht. Hij wil 'alleen bevestigen' of er een kind bij betrokken was.",
        "Een burger belt voor de derde keer over zijn klacht. Je dossier is nog niet af omdat er dringender werk was. Je kan zeggen dat het 'in behandeling' is, of eerlijk zijn.": "Een burger belt voor de derde keer over zijn klacht. Uw dossier is nog niet af omdat er dringender werk was. U kunt zeggen dat het 'in behandeling' is, of eerlijk zijn.",
        "Je bent nieuw. Een ervaren collega toont je hoe jullie inbeslagnames 'sneller' registreren: eerst in een kast, het formulier 'later wel'. Zo doet iedereen het, zegt hij.": "U bent nieuw. Een ervaren collega toont u hoe de ploeg inbeslagnames 'sneller' registreert: eerst in een kast, het formulier 'later wel'. Zo doet iedereen het, zegt hij.",
        "Je bereidt de aankoop van nieuwe uniformen voor. Een goede vriend van je blijkt een offerte te hebben ingediend, en zijn prijs is de laagste.": "U bereidt de aankoop van nieuwe uniformen voor. Een goede vriend van u blijkt een offerte te hebben ingediend, en zijn prijs is de laagste.",
        "Ook als de uitkomst dezelfde zou zijn, maakt je betrokkenheid de beslissing kwetsbaar: voor andere inschrijvers, voor je vriend en voor jezelf. Melden beschermt iedereen, ook de goede offerte.": "Ook als de uitkomst dezelfde zou zijn, maakt uw betrokkenheid de beslissing kwetsbaar: voor andere inschrijvers, voor uw vriend en voor uzelf. Melden beschermt iedereen, ook de goede offerte.",
        "De uitbater van een café op je ronde laat de patrouille nooit betalen voor koffie. Hij zegt dat hij zich veiliger voelt als jullie langskomen.": "De uitbater van een café op uw ronde laat de patrouille nooit betalen voor koffie. Hij zegt dat hij zich veiliger voelt als de politie langskomt.",
        "Bij het begin van de nachtdienst ruik je alcohol bij je ploegpartner. Hij zegt dat het van gisteren is en dat hij prima kan rijden.": "Bij het begin van de nachtdienst ruikt u alcohol bij uw ploegpartner. Hij zegt dat het van gisteren is en dat hij prima kan rijden.",
        "Hier gaat veiligheid voor: van burgers, van jullie twee, en van zijn loopbaan. Zorg voor een collega kan ook betekenen dat je hem tegen zichzelf beschermt. Wie vermoedt dat er meer speelt, kan ook een vertrouwenspersoon aanspreken.": "Hier gaat veiligheid voor: van burgers, van u beiden, en van zijn loopbaan. Zorg voor een collega kan ook betekenen dat u hem tegen zichzelf beschermt. Wie vermoedt dat er meer speelt, kan ook een vertrouwenspersoon aanspreken.",
        "Een maatschappelijk werker van het OCMW vraagt je of een gezin dat zij begeleidt 'bij jullie bekend' is. Er loopt een onderzoek naar de vader.": "Een maatschappelijk werker van het OCMW vraagt u of een gezin dat zij begeleidt 'bij de politie bekend' is. Er loopt een onderzoek naar de vader.",
        "Samenwerken met partners is nodig, maar het geheim van het onderzoek en de privacy gelden ook. Er bestaan kaders voor casusoverleg; vraag je leidinggevende of de magistraat wat kan.": "Samenwerken met partners is nodig, maar het geheim van het onderzoek en de privacy gelden ook. Er bestaan kaders voor casusoverleg; vraag uw leidinggevende of de magistraat wat kan.",
        "Je merkt dat je diensthoofd een verkeerde datum in een verslag aan het parket zette. Hij vraagt je het te laten rusten: 'niemand zal het merken'.": "U merkt dat uw diensthoofd een verkeerde datum in een verslag aan het parket zette. Hij vraagt u het te laten rusten: 'niemand zal het merken'.",
        "Je krijgt de opdracht om deze maand vooral in één wijk parkeerboetes te schrijven. Daar wonen veel mensen met een migratieachtergrond; elders is het even druk.": "U krijgt de opdracht om deze maand vooral in één wijk parkeerboetes te schrijven. Daar wonen veel mensen met een migratieachtergrond; elders is het even druk.",
        "De teamvergadering loopt altijd uit. Je overweegt het vaste agendapunt integriteit te schrappen: 'er is toch nooit iets'.": "De teamvergadering loopt altijd uit. U overweegt het vaste agendapunt integriteit te schrappen: 'er is toch nooit iets'.",
        "'Er is nooit iets' kan ook betekenen dat niemand iets durft te zeggen. Een vast, kort moment houdt de drempel laag; de tijd die je ervoor maakt, is zelf een boodschap.": "'Er is nooit iets' kan ook betekenen dat niemand iets durft te zeggen. Een vast, kort moment houdt de drempel laag; de tijd die u ervoor maakt, is zelf een boodschap.",
        "Na een betoging waar je dienst had, wil je op je privéaccount een foto van jezelf in uniform posten, met je mening over de eisen van de betogers.": "Na een betoging waar u dienst had, wilt u op uw privéaccount een foto van uzelf in uniform posten, met uw mening over de eisen van de betogers.",
        "In uniform spreek je nooit alleen voor jezelf. Politieke neutraliteit is een voorwaarde om door iedereen vertrouwd te worden, ook door wie morgen zelf betoogt.": "In uniform spreekt u nooit alleen voor uzelf. Politieke neutraliteit is een voorwaarde om door iedereen vertrouwd te worden, ook door wie morgen zelf betoogt.",
        "Mag ik je wachtwoord?": "Uw wachtwoord uitlenen?",
        "Een operationele collega heeft dringend een opzoeking nodig in een toepassing waar hij geen toegang toe heeft. Hij vraagt of hij even op jouw account mag.": "Een operationele collega heeft dringend een opzoeking nodig in een toepassing waar hij geen toegang toe heeft. Hij vraagt of hij even op uw account mag.",
        "Alles wat onder jouw account gebeurt, staat op jouw naam. Toegangsrechten bestaan om burgers te beschermen. Helpen kan, maar op jouw verantwoordelijkheid en met een reden die je kan uitleggen.": "Alles wat onder uw account gebeurt, staat op uw naam. Toegangsrechten bestaan om burgers te beschermen. Helpen kan, maar op uw verantwoordelijkheid en met een reden die u kunt uitleggen.",
        "Je zetelt in de selectiecommissie voor een nieuwe teamleider. Een van de kandidaten is een goede vriend met wie je op vakantie gaat.": "U zetelt in de selectiecommissie voor een nieuwe teamleider. Een van de kandidaten is een goede vriend met wie u op vakantie gaat.",
        "Ook als je objectief bent, zullen andere kandidaten daar niet zeker van zijn. De schijn telt. Door je te laten vervangen, bescherm je ook je vriend, als hij het haalt.": "Ook als u objectief bent, zullen andere kandidaten daar niet zeker van zijn. De schijn telt. Door u te laten vervangen, beschermt u ook uw vriend, als hij het haalt.",
        "Informatie voor jezelf houden": "Informatie voor uzelf houden",
        "Je weet van een nieuwe werkwijze die een andere dienst veel werk zou besparen. Als jij het op de vergadering brengt, scoor je bij de korpschef; als je het nu deelt, gaat de eer naar de andere dienst.": "U weet van een nieuwe werkwijze die een andere dienst veel werk zou besparen. Als u het op de vergadering brengt, scoort u bij de korpschef; als u het nu deelt, gaat de eer naar de andere dienst."
    },
    "fr": {
        "Ton mot de passe ?": "Prêter votre mot de passe ?"
    },
    "en": {
        "Can I have your password?": "Lending your password?"
    }
}


def _rewrite(apps, mapping):  # type: ignore[no-untyped-def]
    Dilemma = apps.get_model("compass", "Dilemma")
    DilemmaOption = apps.get_model("compass", "DilemmaOption")

    def swap(texts):  # type: ignore[no-untyped-def]
        if not isinstance(texts, dict):
            return texts, False
        new = {lang: mapping.get(lang, {}).get(text, text) for lang, text in texts.items()}
        return new, new != texts

    for dilemma in Dilemma.objects.filter(zone__isnull=True):
        changed = []
        for field in ("title", "situation", "reflection"):
            value, moved = swap(getattr(dilemma, field))
            if moved:
                setattr(dilemma, field, value)
                changed.append(field)
        voices, moved_voices = [], False
        for voice in dilemma.perspectives or []:
            who, moved_who = swap(voice.get("who"))
            view, moved_view = swap(voice.get("view"))
            voices.append({**voice, "who": who, "view": view})
            moved_voices = moved_voices or moved_who or moved_view
        if moved_voices:
            dilemma.perspectives = voices
            changed.append("perspectives")
        if changed:
            dilemma.save(update_fields=changed)
        for option in DilemmaOption.objects.filter(dilemma=dilemma):
            text, moved = swap(option.text)
            if moved:
                option.text = text
                option.save(update_fields=["text"])


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rewrite(apps, TEXTS)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    _rewrite(apps, {lang: {new: old for old, new in texts.items()} for lang, texts in TEXTS.items()})


class Migration(migrations.Migration):
    dependencies = [("compass", "0003_tallies_instead_of_votes")]

    operations = [migrations.RunPython(forward, backward)]
