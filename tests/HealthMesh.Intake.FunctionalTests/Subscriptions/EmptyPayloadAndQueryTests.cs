using System.Net;
using System.Net.Http.Json;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.Intake.Subscriptions;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Subscriptions;

/// <summary>
/// Backport-IG bodies that carry no resource, or that are the answers of <c>$status</c> / <c>$events</c> posted to the
/// endpoint: <c>empty</c> payloads are fetched through the recovery path (the fake EHR has no <c>$events</c>, so a
/// <c>_lastUpdated</c> search), <c>query-status</c> updates the tracked state only, <c>query-event</c> is processed
/// like an event-notification. JSON and XML.
/// </summary>
public sealed class EmptyPayloadAndQueryTests
{
    private const string NewEncounterId = "enc-empty-payload";

    private static readonly Dictionary<string, string> FastMonitor = new()
    {
        ["HealthMesh:Intake:Recovery:MonitorInterval"] = "00:00:00.200",
    };

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async System.Threading.Tasks.Task An_empty_payload_event_is_acknowledged_then_fetched_and_published_once(bool xml, bool postgreSql)
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor, postgreSql: postgreSql);
        await PostOkAsync(host, BackportNotifications.Handshake(0), xml);
        await PostOkAsync(host, BackportNotifications.Event("1", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, host.Ehr.BaseUrl.ToString()), xml);
        host.Ehr.Seed(ClinicalFixtures.Encounter(NewEncounterId, Encounter.EncounterStatus.Finished));

        var answer = await PostOkAsync(host, BackportNotifications.EmptyEvent("2"), xml);

        Assert.Contains("Event 2 carries no resource (payload 'empty'); it is fetched from the EHR.", answer);
        var health = await WaitForAsync(host, h => h.Health == "active" && h.LastRecovery is not null);
        Assert.Contains("Events 2-2 arrived with payload 'empty'", health.LastRecovery);
        Assert.Contains("_lastUpdated search", health.LastRecovery);
        Assert.Equal(2, health.LastEventNumber);
        Assert.Contains(host.Ehr.Requests, r => r.StartsWith("GET /fhir/Subscription/sub-1/$events?eventsSinceNumber=2&eventsUntilNumber=2", StringComparison.Ordinal));
        Assert.Single(host.Published(), p => p.ResourceId == NewEncounterId);

        // The EHR redelivers the same empty event: fetched again, found again, published no second time.
        var recoveries = health.LastRecovery;
        await PostOkAsync(host, BackportNotifications.EmptyEvent("2"), xml);
        await WaitForAsync(host, h => h.Health == "active" && h.LastRecovery != recoveries);
        Assert.Single(host.Published(), p => p.ResourceId == NewEncounterId);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_empty_payload_that_cannot_be_fetched_leaves_the_subscription_in_error_until_it_can()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor);
        await PostOkAsync(host, BackportNotifications.Handshake(0), xml: false);
        host.Ehr.Seed(ClinicalFixtures.Encounter(NewEncounterId, Encounter.EncounterStatus.Finished));
        host.Ehr.FailNext(int.MaxValue, HttpStatusCode.ServiceUnavailable);

        await PostOkAsync(host, BackportNotifications.EmptyEvent("1"), xml: false);

        var failed = await WaitForAsync(host, h => h.Health == "error");
        Assert.Contains("Recovery failed", failed.Reason);
        Assert.Equal((1L, 1L), (failed.MissingFromEvent, failed.MissingToEvent));
        Assert.DoesNotContain(host.Published(), p => p.ResourceId == NewEncounterId);

        host.Ehr.FailNext(0, HttpStatusCode.ServiceUnavailable);
        await WaitForAsync(host, h => h.Health == "active");
        Assert.Single(host.Published(), p => p.ResourceId == NewEncounterId);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async System.Threading.Tasks.Task Query_status_updates_the_tracked_state_and_publishes_nothing(bool xml, bool postgreSql)
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor, postgreSql: postgreSql);
        await PostOkAsync(host, BackportNotifications.Handshake(4), xml);

        var answer = await PostOkAsync(host, BackportNotifications.QueryStatus(4, "error"), xml);

        Assert.Contains("QueryStatus acknowledged", answer);
        var health = await HealthAsync(host);
        Assert.Equal(("active", 4L, "error"), (health.Health, health.LastEventNumber, health.EhrStatus));
        Assert.Empty(host.Published());

        await PostOkAsync(host, BackportNotifications.QueryStatus(4, "active"), xml);
        Assert.Equal("active", (await HealthAsync(host)).EhrStatus);
        Assert.Empty(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task Query_status_reporting_more_events_than_seen_starts_a_recovery()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor);
        await PostOkAsync(host, BackportNotifications.Handshake(0), xml: false);

        await PostOkAsync(host, BackportNotifications.QueryStatus(2), xml: false);

        var health = await WaitForAsync(host, h => h.Health == "active" && h.LastRecovery is not null);
        Assert.Contains("Events 1-2 were not delivered", health.LastRecovery);
        Assert.Equal(2, health.LastEventNumber);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task Query_event_is_processed_like_an_event_notification_with_de_duplication(bool xml)
    {
        await using var host = await IntakeTestHost.StartAsync(settings: FastMonitor);
        var baseUrl = host.Ehr.BaseUrl.ToString();
        using var http = new HttpClient();
        var report = FhirJson.Parse<DiagnosticReport>(await http.GetStringAsync($"{baseUrl}/DiagnosticReport/{ClinicalFixtures.RadiologyReportId}"));
        await PostOkAsync(host, BackportNotifications.Handshake(4), xml);
        var queryEvent = BackportNotifications.QueryEvent(
            6,
            baseUrl,
            ("5", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null),
            ("6", $"DiagnosticReport/{report.Id}", report));

        var first = await PostOkAsync(host, queryEvent, xml);
        var second = await PostOkAsync(host, queryEvent, xml);

        Assert.Contains($"Accepted Encounter/{ClinicalFixtures.FinishedEncounterId}", first);
        Assert.Contains($"Accepted DiagnosticReport/{report.Id}", first);
        Assert.Equal(2, second.Split("Duplicate").Length - 1);
        Assert.Equal(2, host.Published().Count);
        var health = await HealthAsync(host);
        Assert.Equal(("active", 6L), (health.Health, health.LastEventNumber));
    }

    [Fact]
    public async System.Threading.Tasks.Task Query_event_without_events_is_acknowledged()
    {
        await using var host = await IntakeTestHost.StartAsync();

        await PostOkAsync(host, BackportNotifications.QueryEvent(0, host.Ehr.BaseUrl.ToString()), xml: false);

        Assert.Empty(host.Published());
    }

    private static async Task<string> PostOkAsync(IntakeTestHost host, string body, bool xml)
    {
        using var response = xml
            ? await host.PostAsync(FhirXml.Serialize(FhirJson.Parse<Resource>(body)), contentType: "application/fhir+xml")
            : await host.PostAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    private static async Task<SubscriptionHealthView> HealthAsync(IntakeTestHost host) =>
        (await host.Client.GetFromJsonAsync<SubscriptionHealthView>($"/subscriptions/{IntakeTestHost.SubscriptionId}/health"))!;

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
