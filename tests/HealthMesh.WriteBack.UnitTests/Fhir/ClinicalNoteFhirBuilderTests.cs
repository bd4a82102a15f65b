using System.Text;
using HealthMesh.WriteBack.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Microsoft.Extensions.Options;

namespace HealthMesh.WriteBack.UnitTests.Fhir;

public sealed class ClinicalNoteFhirBuilderTests
{
    private static readonly Guid WorkflowId = Guid.Parse("1b7c2a4e-3f0d-5a8e-9c1b-2d3e4f5a6b7c");
    private static readonly DateTimeOffset ReviewedAt = new(2026, 1, 5, 11, 30, 0, TimeSpan.Zero);

    private readonly ClinicalNoteFhirBuilder builder = new(Options.Create(new WriteBackOptions()));

    [Fact]
    public void Final_encounter_note_is_valid_and_carries_codes_references_and_identifiers()
    {
        var subject = new ClinicalNoteSubject("Patient/pat-1", "Encounter/enc-1", "Encounter/enc-1");

        var resources = builder.Build(TestNotes.EncounterSummary(WorkflowId), subject, new NoteAttestation(NoteStatus.Final, "Practitioner/dr-1", ReviewedAt));

        AssertValid(resources.DocumentReference);
        AssertValid(resources.Composition);
        AssertValid(resources.Provenance);

        var document = resources.DocumentReference;
        Assert.Equal(("http://loinc.org", "11506-3"), (document.Type.Coding[0].System, document.Type.Coding[0].Code));
        Assert.Equal(DocumentReferenceStatus.Current, document.Status);
        Assert.Equal(CompositionStatus.Final, document.DocStatus);
        Assert.Equal("Patient/pat-1", document.Subject.Reference);
        Assert.Equal("Encounter/enc-1", Assert.Single(document.Context.Encounter).Reference);
        Assert.Empty(document.Context.Related);
        Assert.Equal("Practitioner/dr-1", Assert.Single(document.Author).Reference);
        Assert.Equal(("urn:healthmesh:note", $"{WorkflowId}-DocumentReference"), (document.Identifier[0].System, document.Identifier[0].Value));
        Assert.Equal(["text/plain", "text/html"], document.Content.Select(c => c.Attachment.ContentType));
        var text = Encoding.UTF8.GetString(document.Content[0].Attachment.Data);
        Assert.Contains("reports improved glucose control.", text);
        Assert.Contains("E11.9", text);
        var html = Encoding.UTF8.GetString(document.Content[1].Attachment.Data);
        Assert.Contains("(&lt;150 target)", html);

        var composition = resources.Composition;
        Assert.Equal(CompositionStatus.Final, composition.Status);
        Assert.Equal("11506-3", composition.Type.Coding[0].Code);
        Assert.Equal($"{WorkflowId}-Composition", composition.Identifier.Value);
        Assert.Equal("Encounter/enc-1", composition.Encounter.Reference);
        Assert.Equal(["Subjective", "Objective", "Assessment", "Plan", "Coded diagnoses"], composition.Section.Select(s => s.Title));
        Assert.Contains("(&lt;150 target)", composition.Section[1].Text.Div);
        Assert.Equal("Practitioner/dr-1", Assert.Single(composition.Attester).Party.Reference);
        var coded = composition.Section[^1];
        Assert.Equal(["#code-1", "#code-2"], coded.Entry.Select(e => e.Reference));
        var conditions = composition.Contained.Cast<Condition>().ToList();
        Assert.Equal(["E11.9", "I10"], conditions.Select(c => c.Code.Coding[0].Code));
        Assert.All(conditions, c => Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm", c.Code.Coding[0].System));
        Assert.All(conditions, c => Assert.Equal("confirmed", c.VerificationStatus.Coding[0].Code));

        var provenance = resources.Provenance;
        Assert.Equal([resources.FullUrls["DocumentReference"], resources.FullUrls["Composition"]], provenance.Target.Select(t => t.Reference));
        Assert.Equal(ReviewedAt, provenance.Recorded);
        Assert.Equal(["verifier", "assembler"], provenance.Agent.Select(a => a.Type.Coding[0].Code));
        Assert.Equal("Practitioner/dr-1", provenance.Agent[0].Who.Reference);
        Assert.Equal("HealthMesh rules-summarizer 1.2.0", provenance.Agent[1].Who.Display);
        Assert.Equal("Encounter/enc-1", Assert.Single(provenance.Entity).What.Reference);
        Assert.Equal($"{WorkflowId}-Provenance", Assert.Single(provenance.Meta.Tag).Code);
    }

    [Fact]
    public void Preliminary_radiology_note_relates_to_the_report_and_names_no_reviewer()
    {
        var subject = new ClinicalNoteSubject("Patient/pat-1", null, "DiagnosticReport/rad-1");

        var resources = builder.Build(TestNotes.RadiologyReport(WorkflowId), subject, new NoteAttestation(NoteStatus.Preliminary, null, ReviewedAt));

        AssertValid(resources.DocumentReference);
        AssertValid(resources.Composition);
        AssertValid(resources.Provenance);
        Assert.Equal("18748-4", resources.DocumentReference.Type.Coding[0].Code);
        Assert.Equal(CompositionStatus.Preliminary, resources.DocumentReference.DocStatus);
        Assert.Equal(CompositionStatus.Preliminary, resources.Composition.Status);
        Assert.Equal("DiagnosticReport/rad-1", Assert.Single(resources.DocumentReference.Context.Related).Reference);
        Assert.Empty(resources.DocumentReference.Context.Encounter);
        Assert.Empty(resources.Composition.Attester);
        Assert.Equal("DiagnosticReport/rad-1", resources.Composition.Event[0].Detail[0].Reference);
        Assert.Equal(["assembler"], resources.Provenance.Agent.Select(a => a.Type.Coding[0].Code));
        Assert.Equal("DiagnosticReport/rad-1", resources.Provenance.Entity[0].What.Reference);
    }

    [Fact]
    public void Transaction_is_conditional_on_the_healthmesh_identifiers_and_deterministic()
    {
        var subject = new ClinicalNoteSubject("Patient/pat-1", "Encounter/enc-1", "Encounter/enc-1");
        var attestation = new NoteAttestation(NoteStatus.Final, "Practitioner/dr-1", ReviewedAt);

        var transaction = builder.BuildTransaction(builder.Build(TestNotes.EncounterSummary(WorkflowId), subject, attestation));
        var again = builder.BuildTransaction(builder.Build(TestNotes.EncounterSummary(WorkflowId), subject, attestation));

        AssertValid(transaction);
        Assert.Equal(Bundle.BundleType.Transaction, transaction.Type);
        Assert.All(transaction.Entry, e => Assert.Equal(Bundle.HTTPVerb.POST, e.Request.Method));
        Assert.Equal(
            [
                $"identifier=urn:healthmesh:note|{WorkflowId}-DocumentReference",
                $"identifier=urn:healthmesh:note|{WorkflowId}-Composition",
                $"_tag=urn:healthmesh:note|{WorkflowId}-Provenance",
            ],
            transaction.Entry.Select(e => e.Request.IfNoneExist));
        Assert.Equal(transaction.Entry.Select(e => e.FullUrl), again.Entry.Select(e => e.FullUrl));
        Assert.True(transaction.IsExactly(again));
    }

    [Fact]
    public void Accepted_codes_become_valid_confirmed_conditions_when_configured()
    {
        var conditionBuilder = new ClinicalNoteFhirBuilder(Options.Create(new WriteBackOptions { WriteConditions = true }));
        var subject = new ClinicalNoteSubject("Patient/pat-1", "Encounter/enc-1", "Encounter/enc-1");

        var resources = conditionBuilder.Build(TestNotes.EncounterSummary(WorkflowId), subject, new NoteAttestation(NoteStatus.Final, "Practitioner/dr-1", ReviewedAt));
        var transaction = conditionBuilder.BuildTransaction(resources);

        Assert.Equal(["E11.9", "I10"], resources.Conditions.Select(c => c.Code.Coding[0].Code));
        Assert.All(resources.Conditions, condition =>
        {
            AssertValid(condition);
            Assert.Equal(("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis"), (condition.Category[0].Coding[0].System, condition.Category[0].Coding[0].Code));
            Assert.Equal("active", condition.ClinicalStatus.Coding[0].Code);
            Assert.Equal("confirmed", condition.VerificationStatus.Coding[0].Code);
            Assert.Equal("http://hl7.org/fhir/sid/icd-10-cm", condition.Code.Coding[0].System);
            Assert.False(string.IsNullOrEmpty(condition.Code.Coding[0].Display));
            Assert.Equal("Patient/pat-1", condition.Subject.Reference);
            Assert.Equal("Encounter/enc-1", condition.Encounter.Reference);
            Assert.Equal("Practitioner/dr-1", condition.Recorder.Reference);
            Assert.Equal("Practitioner/dr-1", condition.Asserter.Reference);
            Assert.Equal(resources.FullUrls["DocumentReference"], condition.Evidence[0].Detail[0].Reference);
            Assert.Equal(("urn:healthmesh:note", $"{WorkflowId}-condition-{condition.Code.Coding[0].Code}"), (condition.Identifier[0].System, condition.Identifier[0].Value));
        });
        Assert.Equal(
            [resources.FullUrls["DocumentReference"], resources.FullUrls["Composition"], resources.FullUrls["Condition-E11.9"], resources.FullUrls["Condition-I10"]],
            resources.Provenance.Target.Select(t => t.Reference));

        AssertValid(transaction);
        Assert.Equal(
            [$"identifier=urn:healthmesh:note|{WorkflowId}-condition-E11.9", $"identifier=urn:healthmesh:note|{WorkflowId}-condition-I10"],
            transaction.Entry.Skip(3).Select(e => e.Request.IfNoneExist));
        Assert.All(transaction.Entry.Skip(3), e => Assert.Equal("Condition", e.Request.Url));
    }

    [Fact]
    public void No_conditions_by_default_nor_for_a_preliminary_note()
    {
        var subject = new ClinicalNoteSubject("Patient/pat-1", "Encounter/enc-1", "Encounter/enc-1");
        var conditionBuilder = new ClinicalNoteFhirBuilder(Options.Create(new WriteBackOptions { WriteConditions = true }));

        Assert.False(new WriteBackOptions().WriteConditions);
        Assert.Empty(builder.Build(TestNotes.EncounterSummary(WorkflowId), subject, new NoteAttestation(NoteStatus.Final, "Practitioner/dr-1", ReviewedAt)).Conditions);
        Assert.Empty(conditionBuilder.Build(TestNotes.EncounterSummary(WorkflowId), subject, new NoteAttestation(NoteStatus.Preliminary, null, ReviewedAt)).Conditions);
    }

    [Fact]
    public void A_newer_note_replaces_the_earlier_one_and_supersedes_it_only_if_unchanged()
    {
        var subject = new ClinicalNoteSubject("Patient/pat-1", "Encounter/enc-1", "Encounter/enc-1");
        var earlierWorkflow = Guid.Parse("0a7c2a4e-3f0d-5a8e-9c1b-2d3e4f5a6b7c");
        var earlier = builder.Build(TestNotes.EncounterSummary(earlierWorkflow), subject, new NoteAttestation(NoteStatus.Final, "Practitioner/dr-1", ReviewedAt.AddHours(-2))).DocumentReference;
        earlier.Id = "41";
        earlier.Meta = new Meta { VersionId = "3" };
        var attestation = new NoteAttestation(NoteStatus.Final, "Practitioner/dr-1", ReviewedAt);
        var note = TestNotes.EncounterSummary(WorkflowId);

        Assert.True(builder.IsReplacedBy(earlier, note, subject, attestation));
        var resources = builder.Build(note, subject, attestation, [earlier]);
        var transaction = builder.BuildTransaction(resources);

        AssertValid(resources.DocumentReference);
        AssertValid(transaction);
        var relation = Assert.Single(resources.DocumentReference.RelatesTo);
        Assert.Equal((DocumentRelationshipType.Replaces, "DocumentReference/41"), (relation.Code!.Value, relation.Target.Reference));
        var put = transaction.Entry[^1];
        Assert.Equal((Bundle.HTTPVerb.PUT, "DocumentReference/41", "W/\"3\""), (put.Request.Method!.Value, put.Request.Url, put.Request.IfMatch));
        var superseded = Assert.IsType<DocumentReference>(put.Resource);
        Assert.Equal(DocumentReferenceStatus.Superseded, superseded.Status);
        Assert.Equal(DocumentReferenceStatus.Current, earlier.Status);

        // Not replaced: the note itself, a later note (a late replay of an old workflow), another source, one already superseded.
        Assert.False(builder.IsReplacedBy(resources.DocumentReference, note, subject, attestation));
        Assert.False(builder.IsReplacedBy(earlier, note, subject, attestation with { Date = ReviewedAt.AddHours(-3) }));
        Assert.False(builder.IsReplacedBy(earlier, note, subject with { EncounterReference = "Encounter/enc-2", SourceReference = "Encounter/enc-2" }, attestation));
        Assert.False(builder.IsReplacedBy(superseded, note, subject, attestation));
    }

    [Fact]
    public void A_final_note_needs_a_reviewer()
    {
        var subject = new ClinicalNoteSubject("Patient/pat-1", "Encounter/enc-1", "Encounter/enc-1");

        Assert.Throws<ArgumentException>(() => builder.Build(TestNotes.EncounterSummary(WorkflowId), subject, new NoteAttestation(NoteStatus.Final, null, ReviewedAt)));
    }

    private static void AssertValid(Resource resource)
    {
        var errors = resource.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, validateRecursively: true);
        Assert.Empty(errors.Select(e => e.Message));
    }
}
