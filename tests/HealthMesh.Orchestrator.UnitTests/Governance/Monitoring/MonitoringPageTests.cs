using System.Net;
using System.Net.Http.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Governance.Monitoring;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing.Monitoring;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Governance.Monitoring;

/// <summary>
/// Monitoring in the Orchestrator host: the consumer's rows from real workflow events, the page and JSON report over a
/// seeded month (planted degradation, drift and disparity), and the gauges on <c>/metrics</c>.
/// </summary>
public sealed class MonitoringPageTests : IAsyncLifetime
{
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_consumer_records_the_patient_group_and_the_first_drafts_shape_and_the_history_joins_the_group_to_the_decision()
    {
        var id = await host.ToDeidentifyingAsync();
        var bus = host.Factory.Services.GetRequiredService<IBus>();
        var group = new PatientGroup("female", "45-64", "es", "Asian", "Not Hispanic or Latino");
        await bus.Publish(new ClinicalContextDeidentified(id, $"hm-doc:{id:N}/context-deid", 2, group));
        await host.InState(id, "Drafting");
        var documents = host.Factory.Services.GetRequiredService<IClinicalDocumentStore>();
        var draft = await documents.PutJsonAsync(id, "draft-r1", WorkflowHarness.Note(id, 1), DocumentSensitivity.Deidentified);
        await bus.Publish(new ClinicalNoteDrafted(id, draft, 1, ReviewPriority.Routine, "rules", "1.0.0"));
        await host.InState(id, "AwaitingReview");

        using var client = host.CreateClient();
        var approved = await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new { expectedRevision = 1 }, OrchestratorApiHost.Json);
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        var store = host.Factory.Services.GetRequiredService<MonitoringStore>();
        var history = await Eventually(async () => await store.ReadHistoryAsync(DateTimeOffset.UtcNow.AddDays(-1)) is { } h
            && h.Work.Any(w => w.WorkflowId == id) && h.Outcomes.Any(o => o.WorkflowId == id) ? h : null);
        var work = history.Work.Single(w => w.WorkflowId == id);
        Assert.Equal(NoteKind.EncounterSummary, work.NoteKind);
        Assert.Equal(["subjective", "assessment"], work.Sections);
        Assert.Equal(["J"], work.CodeChapters);
        // "Patient reports a cough for [DURATION-1]." and "Acute bronchitis": 6 + 2 words.
        Assert.Equal(8, work.SourceWords);
        var outcome = history.Outcomes.Single(o => o.WorkflowId == id);
        Assert.Equal((ReviewDecision.Approved, 2, 0, 1, group), (outcome.Decision, outcome.SentencesDrafted, outcome.SentencesChanged, outcome.CodesAccepted, outcome.Group));
    }

    [Fact]
    public async Task The_page_shows_charts_and_the_planted_alerts_to_a_viewer_and_the_JSON_report_matches()
    {
        await SeedAsync(clean: false);
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer]);

        var page = await viewer.GetAsync("/monitoring");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("<script>", html);
        Assert.True(html.Split("<svg").Length - 1 >= 5, "four quality charts and a drift chart");
        Assert.Contains("class=\"series\"", html);
        Assert.Contains("rules 1.1.0: 40% of drafted sentences edited", html);
        Assert.Contains("Incoming work&#x27;s note-kind has drifted", html);
        Assert.Contains("Patients with language &#x27;es&#x27; fall behind", html);

        var report = (await viewer.GetFromJsonAsync<MonitoringReport>("/api/monitoring", OrchestratorApiHost.Json))!;
        Assert.Equal(["rules 1.1.0", "rules 1.1.0"], report.Alerts.Where(a => a.Kind == KnownAlertKinds.Quality).Select(a => a.Subject));
        Assert.Contains(report.Alerts, a => a is { Kind: KnownAlertKinds.Fairness, Subject: "language: es" });
        Assert.Contains(report.Alerts, a => a is { Kind: KnownAlertKinds.Drift, Subject: KnownDistributions.NoteKind });
        Assert.DoesNotContain(report.Alerts, a => a.Subject.Contains("sex", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_clean_month_shows_no_alert_and_anonymous_callers_are_refused()
    {
        await SeedAsync(clean: true);
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer]);
        using var anonymous = host.Factory.CreateClient(new() { AllowAutoRedirect = false });

        var html = await viewer.GetStringAsync("/monitoring");

        Assert.Contains("id=\"no-alerts\"", html);
        Assert.DoesNotContain("role=\"alert\"", html);
        Assert.Empty((await viewer.GetFromJsonAsync<MonitoringReport>("/api/monitoring", OrchestratorApiHost.Json))!.Alerts);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/monitoring")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/monitoring")).StatusCode);
    }

    [Fact]
    public async Task The_gauges_on_metrics_carry_edit_rate_per_version_divergence_disparity_and_active_alerts()
    {
        await SeedAsync(clean: false);
        await host.Factory.Services.GetRequiredService<MonitoringMetrics>().RefreshAsync();
        using var client = host.CreateClient();

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Matches("healthmesh_monitoring_edit_rate[a-z_]*\\{[^}]*version=\"1.1.0\"[^}]*\\} 0.4", metrics);
        Assert.Matches("healthmesh_monitoring_drift_js_divergence[a-z_]*\\{[^}]*distribution=\"note-kind\"", metrics);
        Assert.Matches("healthmesh_monitoring_disparity_ratio[a-z_]*\\{[^}]*group=\"es\"", metrics);
        Assert.Matches("healthmesh_monitoring_alerts_active[a-z_]*\\{[^}]*kind=\"quality\"[^}]*\\} 2", metrics);
    }

    private async Task SeedAsync(bool clean)
    {
        await using var connection = await host.Factory.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        await MonitoringSeed.SeedAsync(connection, DateTimeOffset.UtcNow, clean);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < until, "The monitoring rows did not appear.");
            await Task.Delay(50);
        }
    }
}
