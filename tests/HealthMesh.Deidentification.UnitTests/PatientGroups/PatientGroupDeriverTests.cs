using HealthMesh.Contracts;
using HealthMesh.Deidentification.PatientGroups;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.UnitTests.PatientGroups;

public sealed class PatientGroupDeriverTests
{
    [Fact]
    public void The_fixture_patient_is_a_woman_aged_65_to_89_at_the_encounter_with_nothing_else_recorded()
    {
        // Born 1958, encounter in 2024: 66.
        Assert.Equal(new PatientGroup("female", "65-89", null, null, null), PatientGroupDeriver.Derive(Fixtures.Bundle(Fixtures.EncounterContext)));
    }

    [Fact]
    public void US_Core_race_and_ethnicity_and_the_preferred_language_give_coarse_categories()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        patient.Extension.Add(Omb(PatientGroupDeriver.UsCoreRace, ("2054-5", "Black or African American")));
        patient.Extension.Add(Omb(PatientGroupDeriver.UsCoreEthnicity, ("2135-2", "Hispanic or Latino")));
        patient.Communication.Add(new Patient.CommunicationComponent { Language = new CodeableConcept("urn:ietf:bcp:47", "en-US") });
        patient.Communication.Add(new Patient.CommunicationComponent { Language = new CodeableConcept("urn:ietf:bcp:47", "es-MX"), Preferred = true });

        var group = PatientGroupDeriver.Derive(bundle);

        Assert.Equal(new PatientGroup("female", "65-89", "es", "Black or African American", "Hispanic or Latino"), group);
    }

    [Fact]
    public void Two_race_categories_are_Multiple()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        patient.Extension.Add(Omb(PatientGroupDeriver.UsCoreRace, ("2106-3", "White"), ("2028-9", "Asian")));

        Assert.Equal("Multiple", PatientGroupDeriver.Derive(bundle).Race);
    }

    [Theory]
    [InlineData("2024-01-01", 2024, "0-17")]
    [InlineData("1980", 2024, "18-44")]
    [InlineData("1960-05", 2024, "45-64")]
    [InlineData("1935-02-02", 2024, "65-89")]
    [InlineData("1934-12-31", 2024, "90+")]
    [InlineData(null, 2024, null)]
    [InlineData("2030-01-01", 2024, null)]
    public void Age_bands_are_counted_at_the_event_year(string? birthDate, int eventYear, string? band) =>
        Assert.Equal(band, PatientGroupDeriver.AgeBand(birthDate, eventYear));

    private static Extension Omb(string url, params (string Code, string Display)[] categories)
    {
        var extension = new Extension { Url = url };
        foreach (var (code, display) in categories)
        {
            extension.Extension.Add(new Extension("ombCategory", new Coding("urn:oid:2.16.840.1.113883.6.238", code, display)));
        }

        extension.Extension.Add(new Extension("text", new FhirString(string.Join(", ", categories.Select(c => c.Display)))));
        return extension;
    }
}
