"""HR imports people and services from a CSV file: all of it, or nothing with a reason per line."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kompas.accounts.importing import import_people
from kompas.accounts.models import Person, Service
from kompas.accounts.roles import Role
from kompas.audit.models import AuditEvent
from kompas.testing import make_person, sign_in

pytestmark = pytest.mark.django_db

GOOD = """stamnummer;voornaam;naam;e-mail;dienst;kader;statuut;leidinggevende;taal
1001;Dirk;Peeters;dirk.peeters@pz.example;Operaties;operationeel;statutair;;nl
1002;An;Maes;an.maes@pz.example;Operaties > Interventie;Operationeel;statutair;1001;nl
1003;Sofie;Dubois;sofie.dubois@pz.example;Operaties > Interventie > Ploeg A;operationeel;contractueel;1002;fr
1004;Jens;Claes;jens.claes@pz.example;Ondersteuning > HR;CALog;jobstudent;;
"""


def test_a_good_file_creates_people_services_and_leaders(personas) -> None:
    hr = personas[Role.HR]
    result = import_people(by=hr, data=GOOD.encode())
    assert result.ok, result.errors
    # Operaties > Interventie exists already; Ploeg A, Ondersteuning and HR are new.
    assert (result.created, result.updated, result.services_created) == (4, 0, 3)
    sofie = Person.objects.get(staff_number="1003", zone=personas.zone)
    assert sofie.service is not None
    assert sofie.service.name == "Ploeg A"
    assert [s.name for s in sofie.service.path()] == ["Operaties", "Interventie", "Ploeg A"]
    assert [p.first_name for p in sofie.chain_of_command()][:2] == ["An", "Dirk"]
    assert sofie.language == "fr"
    assert not sofie.has_usable_password()
    jens = Person.objects.get(staff_number="1004")
    assert (jens.cadre, jens.status, jens.language) == ("calog", "student_intern", "nl")
    event = AuditEvent.objects.get(action="accounts.people_imported")
    assert event.detail == {"created": 4, "updated": 0, "services_created": 3}


def test_importing_the_same_file_again_updates_and_duplicates_nothing(personas) -> None:
    hr = personas[Role.HR]
    import_people(by=hr, data=GOOD.encode())
    again = import_people(by=hr, data=GOOD.replace("Maes", "Maes-Peeters").encode())
    assert (again.created, again.updated, again.services_created) == (0, 4, 0)
    assert Person.objects.get(staff_number="1002").last_name == "Maes-Peeters"
    assert Service.objects.filter(zone=personas.zone, name="Interventie").count() == 1


def test_the_existing_operaties_service_is_reused(personas) -> None:
    import_people(by=personas[Role.HR], data=GOOD.encode())
    assert Service.objects.filter(zone=personas.zone, name="Operaties", parent=None).count() == 1


def test_a_bad_file_imports_nothing_and_names_every_bad_line(personas) -> None:
    bad = GOOD + (
        "1005;Tom;Wouters;not-an-address;Verkeer;operationeel;statutair;;\n"
        "1006;Els;Jacobs;els@pz.example;Verkeer;sergeant;statutair;;\n"
        "1007;Wim;Aerts;wim@pz.example;Verkeer;calog;statutair;9999;\n"
        "1001;Dubbel;Peeters;dubbel@pz.example;Verkeer;calog;statutair;;\n"
        "1008;;Smets;smets@pz.example;Verkeer;calog;statutair;;\n"
    )
    before = Person.objects.count(), Service.objects.count(), AuditEvent.objects.count()
    result = import_people(by=personas[Role.HR], data=bad.encode())
    assert not result.ok
    assert [error.line for error in result.errors] == [6, 7, 8, 9, 10]
    messages = [error.message for error in result.errors]
    assert "not-an-address" in messages[0]
    assert "sergeant" in messages[1]
    assert "9999" in messages[2]
    assert "1001" in messages[3] and "2" in messages[3]
    assert "voornaam" in messages[4]
    assert (Person.objects.count(), Service.objects.count(), AuditEvent.objects.count()) == before


def test_a_circle_of_leaders_is_refused(personas) -> None:
    circle = (
        "stamnummer,voornaam,naam,email,dienst,kader,statuut,leidinggevende\n"
        "1,A,A,a@pz.example,X,calog,statutair,2\n"
        "2,B,B,b@pz.example,X,calog,statutair,1\n"
    )
    result = import_people(by=personas[Role.HR], data=circle.encode())
    assert not result.ok
    assert "cirkel" in result.errors[0].message or "circle" in result.errors[0].message
    assert not Person.objects.filter(email="a@pz.example").exists()


def test_an_address_of_someone_else_is_refused(personas) -> None:
    taken = make_person(personas.zone, email="taken@pz.example", staff_number="555")
    data = (
        "stamnummer;voornaam;naam;email;dienst;kader;statuut\n"
        "777;New;Person;taken@pz.example;X;calog;statutair\n"
    )
    result = import_people(by=personas[Role.HR], data=data.encode())
    assert not result.ok
    assert taken.email in result.errors[0].message


def test_a_windows_file_with_a_byte_order_mark_is_read(personas) -> None:
    data = "\ufeffstamnummer;voornaam;naam;email;dienst;kader;statuut\n9;Zoë;Hermans;z@pz.example;Financiën;calog;statutair\n"
    assert import_people(by=personas[Role.HR], data=data.encode("utf-8")).ok
    cp = "stamnummer;voornaam;naam;email;dienst;kader;statuut\n10;Chloé;Hermans;c@pz.example;Financiën;calog;statutair\n"
    assert import_people(by=personas[Role.HR], data=cp.encode("cp1252")).ok
    assert Person.objects.get(staff_number="10").first_name == "Chloé"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "leeg"),
        (b"naam;voornaam\nA;B\n", "stamnummer"),
        (b"stamnummer;voornaam;naam;email;dienst;kader;statuut\n", "geen personen"),
    ],
)
def test_a_file_that_is_not_a_people_file_gets_a_clear_error(personas, data, fragment) -> None:
    from django.utils import translation

    with translation.override("nl"):
        result = import_people(by=personas[Role.HR], data=data)
    assert not result.ok
    assert fragment in result.errors[0].message


def test_the_import_page_shows_the_errors_and_keeps_nothing(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    upload = SimpleUploadedFile(
        "people.csv", b"stamnummer;voornaam\n1;A\n", content_type="text/csv"
    )
    response = client.post(reverse("accounts:import"), {"file": upload})
    assert response.status_code == 200
    assert "Er werd niets ingelezen" in response.content.decode()


def test_the_import_page_imports_a_good_file(client: Client, personas) -> None:
    sign_in(client, personas[Role.HR])
    upload = SimpleUploadedFile("people.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(reverse("accounts:import"), {"file": upload})
    assert response.status_code == 302
    assert Person.objects.filter(email="an.maes@pz.example", zone=personas.zone).exists()


def test_only_hr_and_the_administrator_may_import(personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_people(by=personas[Role.HEAD_OF_SERVICE], data=GOOD.encode())
