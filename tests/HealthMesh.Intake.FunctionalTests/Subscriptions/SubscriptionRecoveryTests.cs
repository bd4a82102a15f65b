using System.Net;
using System.Net.Http.Json;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.Intake.Subscriptions;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Subscriptions;

/// <summary>
/// Gaps in event numbers and overdue heartbeats against the fake EHR, which (like the sandbox) has no <c>$events</c>:
/// recovery falls back to a <c>_lastUpdated</c> search, and the health endpoints show what happened. The subscription
/// state and journal SQL run on SQLite and on PostgreSQL.
/// </summary>
public sealed class SubscriptionRecoveryTests
{
    private const string MissedEncounterId = "enc-missed";

    private static readonly Dictionary<string, string> FastMonitor = new()
    {
        ["HealthMesh:Intake:Recovery:MonitorInterval"] = "00:00:00.200",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task A_gap_in_event_numbers_is_recovered_by_a_lastUpdated_search_and_a_late_delivery_is_a_duplicate(bool postgreSql)
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor, postgreSql: postgreSql);
        var baseUrl = host.Ehr.BaseUrl.ToString();
        await PostOkAsync(host, BackportNotifications.Handshake(0));
        await PostOkAsync(host, BackportNotifications.Event("1", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, baseUrl));
        // Event 2 happened in the EHR, but its notification never arrived.
        var missed = host.Ehr.Seed(ClinicalFixtures.Encounter(MissedEncounterId, Encounter.EncounterStatus.Finished));

        await PostOkAsync(host, BackportNotifications.Event("3", $"DiagnosticReport/{ClinicalFixtures.RadiologyReportId}", null, baseUrl));

        var health = await WaitForAsync(host, h => h.Health == "active" && h.LastRecovery is not null);
        Assert.Contains("Events 2-2 were not delivered", health.LastRecovery);
        Assert.Contains("_lastUpdated search", health.LastRecovery);
        Assert.Equal(3, health.LastEventNumber);
        Assert.Null(health.RecoveringSince);
        Assert.Contains(host.Ehr.Requests, r => r.StartsWith("GET /fhir/Subscription/sub-1/$events?eventsSinceNumber=2&eventsUntilNumber=2", StringComparison.Ordinal));
        Assert.Contains(host.Ehr.Requests, r => r.StartsWith("GET /fhir/Encounter?_lastUpdated=gt", StringComparison.Ordinal));
        Assert.Contains(host.Ehr.Requests, r => r.StartsWith("GET /fhir/DiagnosticReport?_lastUpdated=gt", StringComparison.Ordinal));
        Assert.Single(host.Published(), p => p.ResourceId == MissedEncounterId);
        Assert.Equal(3, host.Published().Count);

        // The lost notification turns up after all: event number 2 is new, but the resource version is not.
        using var late = await host.PostAsync(BackportNotifications.Event("2", $"Encounter/{MissedEncounterId}", missed, baseUrl));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("Duplicate", await late.Content.ReadAsStringAsync());
        Assert.Equal(3, host.Published().Count);
        Assert.Equal("active", (await HealthAsync(host)).Health);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_overdue_heartbeat_recovers_the_silent_window()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: new Dictionary<string, string>(FastMonitor)
        {
            [$"HealthMesh:Intake:Subscriptions:{IntakeTestHost.SubscriptionId}:HeartbeatPeriod"] = "00:00:01",
        });
        await PostOkAsync(host, BackportNotifications.Heartbeat(0));
        Assert.Equal("active", (await HealthAsync(host)).Health);
        // The EHR changed a resource, then both the notification and the heartbeats were lost.
        host.Ehr.Seed(ClinicalFixtures.Encounter(MissedEncounterId, Encounter.EncounterStatus.Finished));

        var health = await WaitForAsync(host, h => h.LastRecovery is not null);

        Assert.Contains("No heartbeat or notification since", health.LastRecovery);
        Assert.Contains("_lastUpdated search", health.LastRecovery);
        Assert.Single(host.Published(), p => p.ResourceId == MissedEncounterId);
        Assert.Equal(TimeSpan.FromSeconds(1), health.HeartbeatPeriod);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task A_failing_recovery_is_shown_as_error_and_retried_until_it_succeeds(bool postgreSql)
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor, postgreSql: postgreSql);
        await PostOkAsync(host, BackportNotifications.Handshake(0));
        await PostOkAsync(host, BackportNotifications.Event("1", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, host.Ehr.BaseUrl.ToString()));
        host.Ehr.Seed(ClinicalFixtures.Encounter(MissedEncounterId, Encounter.EncounterStatus.Finished));
        host.Ehr.FailNext(int.MaxValue, HttpStatusCode.InternalServerError);

        // A heartbeat reporting 2 events when only 1 arrived is a gap too.
        await PostOkAsync(host, BackportNotifications.Heartbeat(2));

        var failed = await WaitForAsync(host, h => h.Health == "error");
        Assert.Contains("Recovery failed: the EHR answered 500 to $events", failed.Reason);
        Assert.Equal(2, failed.MissingFromEvent);
        Assert.Equal(2, failed.MissingToEvent);
        Assert.DoesNotContain(host.Published(), p => p.ResourceId == MissedEncounterId);

        host.Ehr.FailNext(0, HttpStatusCode.InternalServerError);
        var recovered = await WaitForAsync(host, h => h.Health == "active");
        Assert.Null(recovered.Reason);
        Assert.Single(host.Published(), p => p.ResourceId == MissedEncounterId);
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_configured_subscription_is_listed_and_an_unknown_one_is_404()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor);
        await PostOkAsync(host, BackportNotifications.Handshake(5));

        var all = await host.Client.GetFromJsonAsync<List<SubscriptionHealthView>>("/subscriptions");
        using var unknown = await host.Client.GetAsync("/subscriptions/unknown/health");

        Assert.Equal(["custom-header", IntakeTestHost.SubscriptionId], all!.Select(s => s.SubscriptionId).Order(StringComparer.Ordinal));
        var main = Assert.Single(all!, s => s.SubscriptionId == IntakeTestHost.SubscriptionId);
        Assert.Equal(("active", 5L, BackportNotifications.EhrSubscription, BackportNotifications.Topic), (main.Health, main.LastEventNumber, main.EhrSubscription, main.Topic));
        Assert.Equal(["Encounter", "DiagnosticReport"], main.ResourceTypes);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async System.Threading.Tasks.Task PostOkAsync(IntakeTestHost host, string body)
    {
        using var response = await host.PostAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<SubscriptionHealthView> HealthAsync(IntakeTestHost host) =>
        (await host.Client.GetFromJsonAsync<SubscriptionHealthView>($"/subscriptions/{IntakeTestHost.SubscriptionId}/health"))!;

    /// <summary>The monitor works in the background: poll the health endpoint as an operator would.</summary>
    private static async Task<SubscriptionHealthView> WaitForAsync(IntakeTestHost host, Func<SubscriptionHealthView, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var health = await HealthAsync(host);
            if (condition(health))
            {
                return health;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Subscription health did not reach the expected state; last: {health}");
            await System.Threading.Tasks.Task.Delay(50);
        }
    }
}
