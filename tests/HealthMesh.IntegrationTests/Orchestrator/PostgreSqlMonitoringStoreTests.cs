using HealthMesh.Contracts;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Governance.Monitoring;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.IntegrationTests.Orchestrator;

/// <summary>Monitoring's upserts and history query (migration 0007 joined to 0003) on a real PostgreSQL server.</summary>
public sealed class PostgreSqlMonitoringStoreTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [Fact]
    public async Task Upserts_keep_the_first_receipt_and_draft_and_the_seeded_month_raises_the_planted_alerts()
    {
        await using var host = await OrchestratorTestHost.StartAsync(database, bus => bus.AddOrchestratorConsumers());
        var store = host.Services.GetRequiredService<MonitoringStore>();
        var now = DateTimeOffset.UtcNow;
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            await MonitoringSeed.SeedAsync(connection, now);
        }

        var id = Guid.NewGuid();
        await store.RecordReceivedAsync(id, NoteKind.RadiologyReport, now.AddMinutes(-10));
        await store.RecordGroupAsync(id, new PatientGroup("male", "18-44", "en", null, null));
        await store.RecordDraftAsync(id, now.AddMinutes(-9), 120, ["findings", "impression"], ["R"]);
        // A replayed receipt and a regenerated draft change nothing.
        await store.RecordReceivedAsync(id, NoteKind.RadiologyReport, now.AddMinutes(-1));
        await store.RecordDraftAsync(id, now.AddMinutes(-1), 9999, ["other"], ["Z"]);

        var history = await store.ReadHistoryAsync(now.AddDays(-60));

        var work = history.Work.Single(w => w.WorkflowId == id);
        Assert.Equal(120, work.SourceWords);
        Assert.Equal(["findings", "impression"], work.Sections);
        Assert.Equal(["R"], work.CodeChapters);
        Assert.Equal(now.AddMinutes(-10).ToUnixTimeMilliseconds(), work.ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Equal(90 + 28, history.Outcomes.Count);

        var report = MonitoringCalculator.Compute(history, new MonitoringOptions(), now, now.AddDays(-30));
        Assert.Equal(["rules 1.1.0", "rules 1.1.0"], report.Alerts.Where(a => a.Kind == KnownAlertKinds.Quality).Select(a => a.Subject));
        Assert.Contains(report.Alerts, a => a is { Kind: KnownAlertKinds.Fairness, Subject: "language: es" });
        Assert.Contains(report.Alerts, a => a is { Kind: KnownAlertKinds.Drift, Subject: KnownDistributions.NoteKind });
    }
}
