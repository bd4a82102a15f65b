using System.Globalization;
using System.Text.Json;
using Dapper;
using HealthMesh.AllInOne.Hosting;
using HealthMesh.AllInOne.Process;
using HealthMesh.EndToEndTests.Canary;
using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using HealthMesh.Testing.PhiScanning;
using Hl7.Fhir.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EndToEndTests.Governance;

/// <summary>
/// The audit trail of a real embedded run: two records full of PHI canaries go through de-identification, drafting,
/// approval and write-back to the sandbox EHR; every step is in the trail with its agent, the chain verifies, the
/// export and the stored rows carry no canary, and <c>healthmesh audit export|verify</c> work against the running host
/// and report a row changed in the database at its sequence number.
/// </summary>
public sealed class AuditTrailEndToEndTests
{
    private const string Reviewer = "Practitioner/reviewer-audit";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private static readonly List<string> ActionOrder =
    [
        KnownAuditActions.Accepted, KnownAuditActions.Deidentified, KnownAuditActions.Drafted, KnownAuditActions.Approved, KnownAuditActions.Reidentified, KnownAuditActions.WrittenBack,
    ];

    [Fact]
    public async Task A_processed_run_is_fully_audited_verifies_exports_without_PHI_and_a_tampered_row_is_found_by_the_cli()
    {
        var data = TestConfiguration.CreateTempDirectory("audit-data");
        var output = TestConfiguration.CreateTempDirectory("audit-out");
        var port = ServiceProcess.FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";
        await using var app = EmbeddedHost.Build(new EmbeddedHostSettings(data, port, SeedSampleData: false, LogProgress: false), []);
        await app.StartAsync();

        var outcomes = await new ProcessRun(app.Services, new DirectoryInfo(Path.Combine(output, "notes")), Reviewer, TimeSpan.FromMinutes(4))
            .RunAsync([PhiCanaryTests.CanaryRecord("encounter-01-diabetes-follow-up.json"), PhiCanaryTests.CanaryRecord("radiology-01-chest-xray-pneumothorax.json")], CancellationToken.None);
        Assert.All(outcomes, outcome => Assert.True(outcome.Kind == FileOutcomeKind.Processed, outcome.Detail));

        var trail = app.Services.GetRequiredService<AuditTrail>();
        var records = await WaitForWrittenBackAsync(trail, expectedWorkflows: 2);
        foreach (var workflow in records.GroupBy(r => r.WorkflowId))
        {
            var steps = workflow.ToList();
            Assert.Equal(
                ActionOrder,
                steps.Select(r => r.Action).Where(a => a != KnownAuditActions.Viewed).OrderBy(a => ActionOrder.IndexOf(a)));
            Assert.All(steps, r => Assert.Equal(KnownAuditOutcomes.Success, r.Outcome));
            Assert.Equal(Reviewer, steps.Single(r => r.Action == KnownAuditActions.Approved).Agent);
            var drafted = steps.Single(r => r.Action == KnownAuditActions.Drafted);
            Assert.Equal(KnownAuditServices.Summarization, drafted.Agent);
            Assert.False(string.IsNullOrEmpty(drafted.Detail[KnownAuditDetails.Engine]));
            Assert.False(string.IsNullOrEmpty(drafted.Detail[KnownAuditDetails.EngineVersion]));
            Assert.StartsWith("DocumentReference/", steps.Single(r => r.Action == KnownAuditActions.WrittenBack).Detail[KnownAuditDetails.DocumentReference], StringComparison.Ordinal);
        }

        var verification = await trail.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);

        // No canary in the export or anywhere in the stored rows.
        var export = FhirJson.Serialize(AuditEventExport.ToBundle(records, DateTimeOffset.UtcNow));
        var database = Path.Combine(data, "healthmesh.db");
        string rows;
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            rows = string.Join('\n', (await connection.QueryAsync("SELECT * FROM audit_trail")).Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values)));
        }

        foreach (var canary in PhiCanaries.All)
        {
            Assert.DoesNotContain(canary, export, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(canary, rows, StringComparison.OrdinalIgnoreCase);
        }

        // The CLI, with serve's local operator key, exports a valid Bundle and verifies the chain.
        var file = Path.Combine(output, "audit.json");
        var exported = await HealthMeshCli.RunAsync(CommandTimeout, "audit", "export", "--url", url, "--data-dir", data, "--output", file, "--workflow", records[0].WorkflowId.ToString());
        Assert.True(exported.ExitCode == 0, exported.Output);
        var bundle = FhirJson.Parse<Bundle>(await File.ReadAllTextAsync(file));
        Assert.Equal(records.Count(r => r.WorkflowId == records[0].WorkflowId), bundle.Entry.Count);
        Assert.All(bundle.Entry, e => Assert.IsType<AuditEvent>(e.Resource));

        var intact = await HealthMeshCli.RunAsync(CommandTimeout, "audit", "verify", "--url", url, "--data-dir", data);
        Assert.True(intact.ExitCode == 0, intact.Output);
        Assert.Contains("Intact", intact.Output, StringComparison.Ordinal);

        var target = records.First(r => r.Action == KnownAuditActions.Approved);
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.ExecuteAsync("DROP TRIGGER audit_trail_no_update");
            await connection.ExecuteAsync("UPDATE audit_trail SET agent = 'Practitioner/someone-else' WHERE sequence = @Sequence", new { target.Sequence });
        }

        var broken = await HealthMeshCli.RunAsync(CommandTimeout, "audit", "verify", "--url", url, "--data-dir", data, "--json");
        Assert.True(broken.ExitCode == 1, broken.Output);
        var result = JsonSerializer.Deserialize<AuditVerification>(broken.Output[broken.Output.IndexOf('{', StringComparison.Ordinal)..], JsonSerializerOptions.Web);
        Assert.Equal((false, target.Sequence), (result!.Intact, result.FirstBrokenSequence));

        await app.StopAsync();
        SqliteConnection.ClearAllPools();
    }

    private static async Task<IReadOnlyList<AuditRecord>> WaitForWrittenBackAsync(AuditTrail trail, int expectedWorkflows)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var records = await trail.QueryAsync();
            if (records.Count(r => r.Action == KnownAuditActions.WrittenBack) >= expectedWorkflows)
            {
                return records;
            }

            Assert.True(DateTime.UtcNow < until, $"The trail holds: {string.Join(", ", records.Select(r => r.Action))}.");
            await Task.Delay(100);
        }
    }
}
