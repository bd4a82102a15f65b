using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.FreeText;
using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.UnitTests.TestFiles;

namespace HealthMesh.Deidentification.UnitTests.FreeText;

public sealed class FreeTextScrubberTests
{
    private const int Offset = 10;

    [Theory]
    [InlineData("Seen 03/12/2024.", "Seen 03/22/2024.")]
    [InlineData("Seen 3/2/24 and", "Seen 3/12/24 and")]
    [InlineData("On 2024-03-12T09:00 vitals", "On 2024-03-22T09:00 vitals")]
    [InlineData("Since March 25, 2024 she", "Since April 4, 2024 she")]
    [InlineData("Since Mar. 25th, 2024 she", "Since Apr. 4th, 2024 she")]
    [InlineData("Dated 25 Dec 2023.", "Dated 4 Jan 2024.")]
    [InlineData("Since June 2015 stable", "Since June 2015 stable")]
    public void Dates_are_shifted_and_keep_their_format(string text, string expected)
    {
        Assert.Equal(expected, Scrub(text));
    }

    [Theory]
    [InlineData("Call (617) 432-1234 today", "(617) 432-1234")]
    [InlineData("SSN 321-54-9876.", "321-54-9876")]
    [InlineData("Mail pat.smith@example.net now", "pat.smith@example.net")]
    [InlineData("See https://ehr.example.org/chart/991 for more", "https://ehr.example.org/chart/991")]
    [InlineData("Host 172.16.4.20 logged", "172.16.4.20")]
    [InlineData("MRN: A7734219 on file", "A7734219")]
    [InlineData("Acct # 88123-44 closed", "88123-44")]
    [InlineData("Referred by Dr. Nakamura yesterday", "Nakamura")]
    [InlineData("Mr. Jonas Whitfield arrived", "Whitfield")]
    [InlineData("Lives at 1200 Elm Grove Road now", "1200 Elm Grove Road")]
    [InlineData("Boston, MA 02118", "02118")]
    [InlineData("A 93-year-old man", "93-year-old")]
    [InlineData("Driver's license number S530-4417-2298 on file", "S530-4417-2298")]
    [InlineData("Sedan, VIN 1HGCM82633A004352, plate 7KLM482.", "1HGCM82633A004352")]
    [InlineData("Pacemaker serial number PJN448120H checked", "PJN448120H")]
    [InlineData("Member ID: XHB448119203; claim # CLM-2025-448812", "CLM-2025-448812")]
    [InlineData("Echo 14-Mar-2025: EF 35%", "14-Mar-2025")]
    [InlineData("Confused since August 19, per family", "August 19")]
    [InlineData("Follow-up: cardiology clinic 7/28.", "7/28")]
    [InlineData("Presents via EMS from Millbrook with dyspnea", "Millbrook")]
    [InlineData("Home: 12 Oak St, Ashby Falls, VT 05101", "Ashby Falls")]
    [InlineData("Moved from Tuscaloosa last year", "Tuscaloosa")]
    [InlineData("Write to P.O. Box 2231", "2231")]
    [InlineData("Patient education at www.caringbridge.org/visit/marsh", "caringbridge")]
    [InlineData("Spoke with niece Bronwyn Achterberg today", "Achterberg")]
    [InlineData("Electronically signed by Thaddeus Quispe, MD", "Quispe")]
    [InlineData("Received report. Osei, Rose resting comfortably.", "Osei")]
    [InlineData("Met with Marisela Thornton at bedside", "Marisela")]
    [InlineData("Name: QUISPE, DMITRI", "DMITRI")]
    public void Pattern_found_phi_is_replaced(string text, string phi)
    {
        var scrubbed = Scrub(text);
        Assert.DoesNotContain(phi, scrubbed);
    }

    [Theory]
    [InlineData("History of Parkinson disease and Crohn's disease, Hodgkin lymphoma in remission.")]
    [InlineData("Metformin 500 mg PO BID; lisinopril 20 mg daily; K 4.1 mmol/L; BP 128/76 mmHg.")]
    [InlineData("Positive Murphy sign. Negative Babinski sign. Wilson disease excluded.")]
    [InlineData("Follow up in 2 weeks. HbA1c 7.2% on 3 mg/kg.")]
    [InlineData("Will start lisinopril. May cause cough. Return in June. Mark the site.")]
    [InlineData("BP 128/76, grade 2/6 murmur, strength 5/5, MoCA 24/30, pain 2/10.")]
    [InlineData("Glasgow Coma Scale 15; Lyme disease and West Nile virus negative; Jackson-Pratt drain; Austin Flint murmur.")]
    [InlineData("Boston Scientific pacemaker; LV EF by Simpson biplane method; Mayo Clinic criteria not met.")]
    public void Medicine_is_left_intact(string text)
    {
        Assert.Equal(text, Scrub(text));
    }

    [Fact]
    public void A_patient_named_like_an_eponym_keeps_the_eponym()
    {
        var known = new KnownPhi();
        known.NameTokens["Wilson"] = SurrogateKind.FamilyName;
        var session = Session(known);

        var scrubbed = new FreeTextScrubber().Scrub("Mr. Wilson was screened for Wilson disease. WILSON agreed.", session);

        Assert.StartsWith($"Mr. {session.Surrogates.FamilyName("Wilson")} was screened for Wilson disease. {session.Surrogates.FamilyName("Wilson").ToUpperInvariant()} agreed.", scrubbed);
    }

    [Fact]
    public void Known_names_are_replaced_in_every_written_form()
    {
        var known = new KnownPhi();
        known.NameTokens["Eleanor"] = SurrogateKind.GivenName;
        known.NameTokens["Marsh"] = SurrogateKind.FamilyName;
        known.Initials[('E', 'M')] = (new NamePart("Eleanor", SurrogateKind.GivenName), new NamePart("Marsh", SurrogateKind.FamilyName));
        var session = Session(known);
        var given = session.Surrogates.GivenName("Eleanor");
        var family = session.Surrogates.FamilyName("Marsh");

        var scrubbed = new FreeTextScrubber().Scrub("Eleanor Marsh; MARSH, ELEANOR; Marsh, Eleanor; E.M.; a marsh walk", session);

        Assert.Equal($"{given} {family}; {family.ToUpperInvariant()}, {given.ToUpperInvariant()}; {family}, {given}; {given[0]}.{family[0]}.; a marsh walk", scrubbed);
    }

    [Fact]
    public void Phones_the_record_lists_are_found_in_unusual_writing()
    {
        var known = new KnownPhi();
        known.PhoneDigits.Add("6174320198");
        var session = Session(known);

        var scrubbed = new FreeTextScrubber().Scrub("Reach her at 6174320198 or 617.432.0198.", session);

        Assert.DoesNotContain("432", scrubbed);
        Assert.Equal(2, scrubbed.Split(session.Surrogates.Phone("6174320198")).Length - 1);
    }

    private static string Scrub(string text) => new FreeTextScrubber().Scrub(text, Session(new KnownPhi()));

    private static DeidentificationSession Session(KnownPhi known) =>
        new(new KeyedHash(Convert.FromBase64String(Fixtures.HmacKey)), 16, Offset, known);
}
