using System.Net;
using Hl7.Fhir.Model;
using static HealthMesh.EhrSandbox.FunctionalTests.EhrSandboxFactory;

namespace HealthMesh.EhrSandbox.FunctionalTests;

public sealed class TransactionTests(EhrSandboxFactory sandbox) : IClassFixture<EhrSandboxFactory>
{
    [Fact]
    public async System.Threading.Tasks.Task A_transaction_creates_everything_and_rewrites_urn_uuid_references()
    {
        var bundle = PatientWithEncounter("tx-ok");

        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir", bundle);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.TransactionResponse, result.Type);
        Assert.All(result.Entry, e => Assert.StartsWith("201", e.Response!.Status));
        var patientLocation = result.Entry[0].Response!.Location!;
        var patientId = patientLocation.Split('/')[^3];
        var encounter = (Encounter)Assert.Single((await ReadAsync<Bundle>(await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Encounter?patient={patientId}"))).Entry).Resource!;
        Assert.Equal($"Patient/{patientId}", encounter.Subject!.Reference);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_conditional_create_inside_a_transaction_reuses_the_existing_resource()
    {
        var first = await ReadAsync<Bundle>(await sandbox.SendAsync(HttpMethod.Post, "/fhir", PatientWithEncounter("tx-cond", conditional: true)));
        var second = await ReadAsync<Bundle>(await sandbox.SendAsync(HttpMethod.Post, "/fhir", PatientWithEncounter("tx-cond", conditional: true)));

        Assert.StartsWith("201", first.Entry[0].Response!.Status);
        Assert.StartsWith("200", second.Entry[0].Response!.Status);
        var patientId = first.Entry[0].Response!.Location!.Split('/')[^3];
        Assert.Equal(patientId, second.Entry[0].Response!.Location!.Split('/')[^3]);
        Assert.Equal(2, (await ReadAsync<Bundle>(await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Encounter?subject=Patient/{patientId}"))).Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_put_with_if_match_supersedes_in_the_same_transaction_and_a_stale_one_rolls_it_back()
    {
        var old = await ReadAsync<DocumentReference>(await sandbox.SendAsync(HttpMethod.Post, "/fhir/DocumentReference", Note("tx-supersede-1")));
        old.Status = DocumentReferenceStatus.Superseded;
        Bundle Replacing(string identifier) => new()
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new Bundle.EntryComponent
                {
                    FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                    Resource = Note(identifier, replaces: $"DocumentReference/{old.Id}"),
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "DocumentReference", IfNoneExist = $"identifier=urn:test|{identifier}" },
                },
                new Bundle.EntryComponent
                {
                    Resource = old,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"DocumentReference/{old.Id}", IfMatch = "W/\"1\"" },
                },
            ],
        };

        using var written = await sandbox.SendAsync(HttpMethod.Post, "/fhir", Replacing("tx-supersede-2"));
        using var stale = await sandbox.SendAsync(HttpMethod.Post, "/fhir", Replacing("tx-supersede-3"));

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(["201", "200"], (await ReadAsync<Bundle>(written)).Entry.Select(e => e.Response!.Status![..3]));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var current = await ReadAsync<DocumentReference>(await sandbox.SendAsync(HttpMethod.Get, $"/fhir/DocumentReference/{old.Id}"));
        Assert.Equal((DocumentReferenceStatus.Superseded, "2"), (current.Status!.Value, current.Meta!.VersionId));
        Assert.Equal(0, (await ReadAsync<Bundle>(await sandbox.SendAsync(HttpMethod.Get, "/fhir/DocumentReference?identifier=urn:test|tx-supersede-3"))).Total);
    }

    private static DocumentReference Note(string identifier, string? replaces = null) => new()
    {
        Identifier = [new Identifier("urn:test", identifier)],
        Status = DocumentReferenceStatus.Current,
        Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "text/plain", Data = "note"u8.ToArray() } }],
        RelatesTo = replaces is null ? [] : [new DocumentReference.RelatesToComponent { Code = DocumentRelationshipType.Replaces, Target = new ResourceReference(replaces) }],
    };

    [Fact]
    public async System.Threading.Tasks.Task A_bad_entry_rolls_back_the_whole_transaction()
    {
        var bundle = PatientWithEncounter("tx-rollback");
        var stranger = ResourceInteractionTests.NewPatient("tx-rollback");
        stranger.Id = "not-the-url-id";
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = stranger,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Patient/another-id" },
        });

        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir", bundle);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await ReadAsync<OperationOutcome>(response);
        Assert.Contains("Bundle.entry[2]", outcome.Issue.Single().Diagnostics);
        Assert.Equal(0, (await ReadAsync<Bundle>(await sandbox.SendAsync(HttpMethod.Get, "/fhir/Patient?identifier=urn:test:mrn|tx-rollback"))).Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_batch_runs_entries_independently()
    {
        var bundle = PatientWithEncounter("batch-1");
        bundle.Type = Bundle.BundleType.Batch;
        bundle.Entry[1].Resource = new Encounter { Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB") };
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = "Patient/nobody" } });
        bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Patient" } });

        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir", bundle);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.BatchResponse, result.Type);
        Assert.Equal(["201", "201", "404", "400"], result.Entry.Select(e => e.Response!.Status![..3]));
        Assert.IsType<OperationOutcome>(result.Entry[2].Response!.Outcome);
        Assert.IsType<OperationOutcome>(result.Entry[3].Response!.Outcome);
    }

    [Fact]
    public async System.Threading.Tasks.Task Bundles_other_than_transaction_or_batch_are_rejected()
    {
        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir", new Bundle { Type = Bundle.BundleType.Collection });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ReadAsync<OperationOutcome>(response);
    }

    private static Bundle PatientWithEncounter(string mrn, bool conditional = false)
    {
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        return new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                new Bundle.EntryComponent
                {
                    FullUrl = patientUrl,
                    Resource = ResourceInteractionTests.NewPatient(mrn),
                    Request = new Bundle.RequestComponent
                    {
                        Method = Bundle.HTTPVerb.POST,
                        Url = "Patient",
                        IfNoneExist = conditional ? $"identifier=urn:test:mrn|{mrn}" : null,
                    },
                },
                new Bundle.EntryComponent
                {
                    FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                    Resource = new Encounter
                    {
                        Status = Encounter.EncounterStatus.Finished,
                        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
                        Subject = new ResourceReference(patientUrl),
                    },
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Encounter" },
                },
            ],
        };
    }
}
