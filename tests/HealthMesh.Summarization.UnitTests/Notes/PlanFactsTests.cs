using HealthMesh.Contracts;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.UnitTests.TestFiles;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.UnitTests.Notes;

public sealed class PlanFactsTests
{
    [Fact]
    public void Medications_say_whether_they_were_started_changed_or_stopped_and_orders_are_listed_in_the_plan()
    {
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        var encounter = (Encounter)bundle.Entry[0].Resource!;
        var requests = bundle.Entry.Select(e => e.Resource).OfType<MedicationRequest>().ToList();
        requests[1].PriorPrescription = new ResourceReference("MedicationRequest/prior-lisinopril");
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new MedicationRequest
            {
                Id = "stopped-hctz",
                Status = MedicationRequest.MedicationrequestStatus.Stopped,
                Intent = MedicationRequest.MedicationRequestIntent.Order,
                Medication = new CodeableConcept { Text = "hydrochlorothiazide 25 MG Oral Tablet" },
                Subject = new ResourceReference("Patient/p"),
            },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new ServiceRequest
            {
                Id = "order-lipids",
                Status = RequestStatus.Active,
                Intent = RequestIntent.Order,
                Code = new CodeableConcept { Text = "Lipid panel" },
                Subject = new ResourceReference("Patient/p"),
                Encounter = new ResourceReference($"Encounter/{encounter.Id}"),
            },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new ServiceRequest
            {
                Id = "follow-up",
                Status = RequestStatus.Active,
                Intent = RequestIntent.Plan,
                Code = new CodeableConcept { Text = "Follow-up visit" },
                PatientInstruction = "in 3 months",
                Subject = new ResourceReference("Patient/p"),
            },
        });

        var note = Fixtures.Draft(bundle, NoteKind.EncounterSummary);

        var plan = note.Sections.Single(s => s.Code == KnownSections.Plan).Sentences;
        var lines = plan.Select(s => s.Text).ToList();
        Assert.Contains("Started: metformin hydrochloride 500 MG Oral Tablet: 500 mg by mouth twice daily with meals", lines);
        Assert.Contains("Changed: lisinopril 20 MG Oral Tablet: 20 mg by mouth once daily", lines);
        Assert.Contains("Stopped: hydrochlorothiazide 25 MG Oral Tablet", lines);
        Assert.Contains("Ordered: Lipid panel", lines);
        Assert.Contains("Planned: Follow-up visit: in 3 months", lines);
        Assert.Contains(plan, s => s.Text == "Ordered: Lipid panel" && s.Evidence.Single().SourceId == "ServiceRequest/order-lipids");
        Assert.All(plan, s => Assert.Equal(s.Text, Fixtures.Cited(note, s.Evidence[0])));
    }
}
