using System.Net;
using System.Text;
using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.Testing.PhiScanning;
using HealthMesh.WriteBack.UnitTests.Fhir;
using Hl7.Fhir.Model;
using MassTransit;

namespace HealthMesh.WriteBack.UnitTests.Notes;

public sealed class WriteBackClinicalNoteConsumerTests
{
    [Fact]
    public async System.Threading.Tasks.Task Delivered_twice_the_note_is_written_once_and_re_identified()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync();

        await host.DeliverAsync(command);
        await host.DeliverAsync(command);

        var document = Assert.Single(host.Ehr.All<DocumentReference>());
        Assert.Single(host.Ehr.All<Composition>());
        var provenance = Assert.Single(host.Ehr.All<Provenance>());
        Assert.Equal($"{command.WorkflowId}-DocumentReference", document.Identifier[0].Value);
        Assert.Equal("Practitioner/dr-1", provenance.Agent[0].Who.Reference);
        Assert.Contains($"DocumentReference/{document.Id}", provenance.Target.Select(t => t.Reference));

        var text = Encoding.UTF8.GetString(document.Content[0].Attachment.Data);
        Assert.Contains($"{TestNotes.PatientName} reports improved glucose control.", text);
        Assert.DoesNotContain(TestNotes.PatientSurrogate, text);

        var written = host.WrittenBack();
        Assert.Equal(2, written.Count);
        Assert.Equal([false, true], written.Select(w => w.AlreadyPresent).Order());
        Assert.All(written, w => Assert.Equal($"DocumentReference/{document.Id}", w.DocumentReference));
        Assert.All(written, w => Assert.Equal($"Provenance/{provenance.Id}", w.ProvenanceReference));
    }

    [Fact]
    public async System.Threading.Tasks.Task Accepted_codes_are_written_as_conditions_once_however_often_the_write_is_replayed()
    {
        await using var host = await WriteBackTestHost.StartAsync(writeConditions: true);
        var command = await host.PrepareAsync();

        await host.DeliverAsync(command);
        await host.DeliverAsync(command);
        await host.DeliverAsync(command);

        var document = Assert.Single(host.Ehr.All<DocumentReference>());
        var conditions = host.Ehr.All<Condition>();
        Assert.Equal(["E11.9", "I10"], conditions.Select(c => c.Code.Coding[0].Code).Order());
        Assert.All(conditions, c => Assert.Equal($"DocumentReference/{document.Id}", c.Evidence[0].Detail[0].Reference));
        Assert.All(conditions, c => Assert.Equal("Practitioner/dr-1", c.Asserter.Reference));
        Assert.All(conditions, c => Assert.Equal("Encounter/enc-1", c.Encounter.Reference));
        var provenance = Assert.Single(host.Ehr.All<Provenance>());
        Assert.Equal(
            new[] { $"DocumentReference/{document.Id}", $"Composition/{Assert.Single(host.Ehr.All<Composition>()).Id}" }.Concat(conditions.Select(c => $"Condition/{c.Id}")).Order(),
            provenance.Target.Select(t => t.Reference).Order());
        Assert.Equal([false, true, true], host.WrittenBack().Select(w => w.AlreadyPresent).Order());
    }

    [Fact]
    public async System.Threading.Tasks.Task Conditions_are_not_written_when_not_configured()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync();

        await host.DeliverAsync(command);

        Assert.Single(host.Ehr.All<DocumentReference>());
        Assert.Empty(host.Ehr.All<Condition>());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_note_for_a_newer_encounter_version_replaces_the_earlier_note_once()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var first = await host.PrepareAsync();
        await host.DeliverAsync(first);
        var encounter = host.Ehr.All<Encounter>().Single();
        encounter.Status = Encounter.EncounterStatus.Finished;
        encounter.Period = new Period { Start = "2026-01-05T09:00:00Z", End = "2026-01-05T10:00:00Z" };
        host.Ehr.Seed(encounter);
        var second = await host.PrepareAsync(reviewedAt: first.ReviewedAt.AddHours(2));
        Assert.Equal(("1", "2"), (first.ResourceVersion, second.ResourceVersion));

        await host.DeliverAsync(second);
        await host.DeliverAsync(second);
        // A late replay of the first workflow must not supersede the newer note.
        await host.DeliverAsync(first);

        var documents = host.Ehr.All<DocumentReference>().ToDictionary(d => d.Identifier[0].Value!);
        Assert.Equal(2, documents.Count);
        var old = documents[$"{first.WorkflowId}-DocumentReference"];
        var current = documents[$"{second.WorkflowId}-DocumentReference"];
        Assert.Equal(DocumentReferenceStatus.Superseded, old.Status);
        Assert.Equal("2", old.Meta.VersionId);
        Assert.Equal(DocumentReferenceStatus.Current, current.Status);
        Assert.Equal("1", current.Meta.VersionId);
        var relation = Assert.Single(current.RelatesTo);
        Assert.Equal(DocumentRelationshipType.Replaces, relation.Code);
        Assert.Equal($"DocumentReference/{old.Id}", relation.Target.Reference);
        Assert.Empty(old.RelatesTo);
        Assert.Equal([false, false, true, true], host.WrittenBack().Select(w => w.AlreadyPresent).Order());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_precondition_failure_is_retried_with_a_fresh_search()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var first = await host.PrepareAsync();
        await host.DeliverAsync(first);
        var second = await host.PrepareAsync(reviewedAt: first.ReviewedAt.AddHours(2));
        host.Ehr.FailNext(1, HttpStatusCode.PreconditionFailed, "POST");

        await host.DeliverAsync(second);

        // One search and one transaction for the first note; for the second, the refused transaction is redelivered and searches again.
        Assert.Equal(3, host.Ehr.Requests.Count(r => r.StartsWith("GET /fhir/DocumentReference", StringComparison.Ordinal)));
        Assert.Equal(3, host.Ehr.Requests.Count(r => r.StartsWith("POST /fhir", StringComparison.Ordinal)));
        Assert.Equal(
            [DocumentReferenceStatus.Current, DocumentReferenceStatus.Superseded],
            host.Ehr.All<DocumentReference>().Select(d => d.Status!.Value).Order());
        Assert.Equal(2, host.WrittenBack().Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_server_error_is_retried_and_the_note_is_written_once()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync();
        host.Ehr.FailNext(1, HttpStatusCode.InternalServerError, "POST");

        await host.DeliverAsync(command);

        Assert.Equal(2, host.Ehr.Requests.Count(r => r.StartsWith("POST /fhir", StringComparison.Ordinal)));
        Assert.Single(host.Ehr.All<DocumentReference>());
        Assert.Single(host.Ehr.All<Composition>());
        Assert.Single(host.Ehr.All<Provenance>());
        Assert.False(Assert.Single(host.WrittenBack()).AlreadyPresent);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_ehr_rejection_faults_at_once_with_the_ehr_reason()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync(reviewer: "Practitioner/not-in-ehr");

        await host.DeliverAsync(command);

        Assert.True(await host.Harness.Published.Any<Fault<WriteBackClinicalNote>>());
        var fault = host.Harness.Published.Select<Fault<WriteBackClinicalNote>>().Single().Context.Message;
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal(typeof(WriteBack.Notes.EhrRejectedWriteException).FullName, exception.ExceptionType);
        Assert.Equal("The EHR rejected the note transaction with 400: error processing", exception.Message);
        Assert.Single(host.Ehr.Requests, r => r.StartsWith("POST /fhir", StringComparison.Ordinal));
        Assert.Empty(host.Ehr.All<DocumentReference>());
        Assert.Empty(host.WrittenBack());
    }

    [Fact]
    public async System.Threading.Tasks.Task An_ehr_rejection_quoting_the_note_faults_with_issue_codes_and_paths_but_none_of_its_text()
    {
        var logs = new PhiCapture();
        await using var host = await WriteBackTestHost.StartAsync(logs: logs);
        var command = await host.PrepareAsync();
        // An EHR quoting the rejected value: the re-identified note's text, so real PHI.
        host.Ehr.RejectNext(HttpStatusCode.UnprocessableEntity, new OperationOutcome
        {
            Issue =
            [
                new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.BusinessRule,
                    Diagnostics = $"Narrative '{TestNotes.PatientName} reports improved glucose control.' names a patient other than the subject",
                    Details = new CodeableConcept { Text = $"Subject mismatch for {PhiCanaries.Family}" },
                    Expression = ["DocumentReference.content[0].attachment"],
                    Location = ["Bundle.entry[0].resource.content[0].attachment"],
                },
                new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Warning,
                    Code = OperationOutcome.IssueType.Value,
                    Diagnostics = $"{PhiCanaries.Family} is not a known name",
                    Expression = [$"Patient.name.where(family = '{PhiCanaries.Family}')"],
                },
            ],
        }, "POST");

        await host.DeliverAsync(command);

        var fault = host.Harness.Published.Select<Fault<WriteBackClinicalNote>>().Single().Context.Message;
        var exception = Assert.Single(fault.Exceptions);
        Assert.Equal(typeof(WriteBack.Notes.EhrRejectedWriteException).FullName, exception.ExceptionType);
        Assert.Equal(
            "The EHR rejected the note transaction with 422: error business-rule at DocumentReference.content[0].attachment, Bundle.entry[0].resource.content[0].attachment; "
            + "warning value at Patient.name.where(family = '…')",
            exception.Message);
        Assert.Null(exception.InnerException);
        // Refused at once, not retried.
        Assert.Single(host.Ehr.Requests, r => r.StartsWith("POST /fhir", StringComparison.Ordinal));
        Assert.Empty(host.WrittenBack());

        logs.Add("fault", JsonSerializer.Serialize(fault));
        Assert.True(logs.Count("log") > 0, "nothing was logged:\n" + logs.Describe());
        var leaks = logs.FindLeaks([TestNotes.PatientName, PhiCanaries.Family, "glucose"]);
        Assert.True(leaks.Count == 0, "PHI in the fault or the log:\n" + string.Join('\n', leaks));
    }
}
