"""Peers Across Borders is founded, adopts its guidelines, and its members join."""

from __future__ import annotations

from interface.sample.kinds.network import Guidelines, JoinsCommittee, LeavesCommittee, Network
from interface.sample.kinds.people import ContactDetails, Person
from interface.sample.recording import Ago, Chapter

GUIDELINES = (
    "We meet as equals. Stories shared here stay here. Nobody speaks for someone else's recovery."
)


def member(
    name: str,
    full_name: str,
    community: str,
    languages: tuple[str, ...],
    skills: tuple[str, ...] = (),
) -> Person:
    """A member of one community, known by their first name, who consented to notes being
    kept a little after the network was founded (as every member did)."""
    return Person(name, full_name, community, languages, consented=Ago(380), skills=skills)


CHAPTER = Chapter(
    order=10,
    title="Founding",
    records=(
        Network(
            name="Peers Across Borders",
            focus="Peer support in mental health and substance use, across countries",
            goals=(
                "Peer work is paid fairly",
                "Every member has a community of practice",
                "Services answer to the people who use them",
            ),
            communities=("Kenya", "Portugal", "Canada"),
            founded=Ago(400),
            # Its committee and its campaign (Mombasa County) are in Kenya: its weeks are
            # Nairobi's, Monday to Sunday.
            time_zone="Africa/Nairobi",
            communities_added=("Brazil",),
            added=Ago(300),
        ),
        Guidelines(GUIDELINES, adopted=Ago(390)),
        Guidelines(
            f"{GUIDELINES} Anyone may pause a meeting to take care of themselves.",
            adopted=Ago(200),
        ),
        member("amani", "Amani Wanjiru", "Kenya", ("sw", "en"), ("facilitation",)),
        member("joaquim", "Joaquim Reis", "Portugal", ("pt", "en"), ("translation", "data")),
        member("marie", "Marie-Claire Tremblay", "Canada", ("fr", "en"), ("training design",)),
        member("baraka", "Baraka Otieno", "Kenya", ("sw", "luo", "en")),
        member("ines", "Inês Carvalho", "Portugal", ("pt",), ("graphic design",)),
        member("daniel", "Daniel Okafor", "Canada", ("en",), ("media",)),
        member("zawadi", "Zawadi Mwangi", "Kenya", ("sw", "en")),
        member("rui", "Rui Almeida", "Portugal", ("pt", "es")),
        member("sophie", "Sophie Nguyen", "Canada", ("en", "vi"), ("peer supervision",)),
        member("lucas", "Lucas Pereira", "Brazil", ("pt",)),
        ContactDetails("amani", "amani@example.org", at=Ago(379)),
        JoinsCommittee("amani", at=Ago(380)),
        JoinsCommittee("joaquim", at=Ago(380)),
        JoinsCommittee("marie", at=Ago(380)),
        JoinsCommittee("sophie", at=Ago(300)),
        LeavesCommittee("sophie", reason="Taking time for family", at=Ago(120)),
    ),
)
