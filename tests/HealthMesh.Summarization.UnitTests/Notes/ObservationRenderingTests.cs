using HealthMesh.Contracts;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.UnitTests.TestFiles;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.UnitTests.Notes;

public sealed class ObservationRenderingTests
{
    [Fact]
    public void A_lab_without_an_interpretation_is_flagged_from_its_own_reference_range()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = Lab("sodium", "Sodium", 128, "mmol/L", 135, 145) });
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = Lab("potassium", "Potassium", 4.1m, "mmol/L", 3.5m, 5.1m) });
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = Lab("creatinine", "Creatinine", 2.3m, "mg/dL", 0.6m, 1.2m) });

        var note = Fixtures.Draft(bundle, NoteKind.EncounterSummary);

        var objective = note.Sections.Single(s => s.Code == KnownSections.Objective).Sentences;
        var lines = objective.Select(s => s.Text).ToList();
        Assert.Contains("Sodium 128 mmol/L (low; reference 135-145 mmol/L)", lines);
        Assert.Contains("Potassium 4.1 mmol/L (reference 3.5-5.1 mmol/L)", lines);
        Assert.Contains("Creatinine 2.3 mg/dL (high; reference 0.6-1.2 mg/dL)", lines);
        Assert.Equal("Observation/sodium", objective.Single(s => s.Text.StartsWith("Sodium", StringComparison.Ordinal)).Evidence.Single().SourceId);
    }

    private static Observation Lab(string id, string name, decimal value, string unit, decimal low, decimal high) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
        Code = new CodeableConcept { Text = name },
        Subject = new ResourceReference("Patient/p"),
        Value = new Quantity { Value = value, Unit = unit },
        ReferenceRange = [new Observation.ReferenceRangeComponent { Low = new Quantity { Value = low, Unit = unit }, High = new Quantity { Value = high, Unit = unit } }],
    };
}
