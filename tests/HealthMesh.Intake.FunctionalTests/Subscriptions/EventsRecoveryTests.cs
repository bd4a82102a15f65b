using System.Net;
using System.Net.Http.Json;
using HealthMesh.EhrSandbox.Subscriptions;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.Intake.Subscriptions;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Subscriptions;

/// <summary>
/// Gap recovery through the Backport IG's <c>$events</c>, against the sandbox EHR, which numbers its events and replays
/// them: the missed event is fetched by number, no <c>_lastUpdated</c> search is needed.
/// </summary>
public sealed class EventsRecoveryTests
{
    [Fact]
    public async System.Threading.Tasks.Task A_gap_is_recovered_through_events_with_the_missed_version()
    {
        await using var sandbox = await SandboxEhr.StartAsync();
        foreach (var fixture in ClinicalFixtures.All())
        {
            await sandbox.PutAsync(fixture);
        }

        await sandbox.PutAsync(BackportSubscription());
        var first = await sandbox.PutAsync(ClinicalFixtures.Encounter("enc-gap-1", Encounter.EncounterStatus.Finished));
        var missed = await sandbox.PutAsync(ClinicalFixtures.Encounter("enc-gap-2", Encounter.EncounterStatus.Finished));
        var third = await sandbox.PutAsync(ClinicalFixtures.Encounter("enc-gap-3", Encounter.EncounterStatus.Finished));
        await using var host = await IntakeTestHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["HealthMesh:Ehr:BaseUrl"] = sandbox.BaseUrl.AbsoluteUri,
            ["HealthMesh:Intake:Recovery:MonitorInterval"] = "00:00:00.200",
        });
        var baseUrl = sandbox.BaseUrl.AbsoluteUri.TrimEnd('/');

        await PostOkAsync(host, BackportNotifications.Handshake(0));
        await PostOkAsync(host, BackportNotifications.Event("1", $"Encounter/{first.Id}", first, baseUrl));
        // Event 2 (enc-gap-2) was lost on the way; event 3 shows the gap.
        await PostOkAsync(host, BackportNotifications.Event("3", $"Encounter/{third.Id}", third, baseUrl));

        var health = await WaitForActiveRecoveryAsync(host);
        Assert.Contains("via $events 2-2", health.LastRecovery);
        Assert.DoesNotContain("_lastUpdated", health.LastRecovery);
        var recovered = Assert.Single(host.Published(), p => p.ResourceId == missed.Id);
        Assert.Equal(missed.Meta!.VersionId, recovered.ResourceVersion);
        Assert.Equal(3, host.Published().Count);
    }

    private static Subscription BackportSubscription()
    {
        var subscription = new Subscription
        {
            // The id the notifications name (BackportNotifications.EhrSubscription): recovery asks this subscription's $events.
            Id = "sub-1",
            Meta = new Meta { Profile = [KnownSubscriptionUrls.BackportSubscriptionProfile] },
            Status = Subscription.SubscriptionStatus.Active,
            Reason = "Intake recovery test",
            Criteria = BackportNotifications.Topic,
            Channel = new Subscription.ChannelComponent
            {
                Type = Subscription.SubscriptionChannelType.RestHook,
                Endpoint = "http://127.0.0.1:1/notifications/ehr-main",
                Payload = "application/fhir+json",
                Header = [$"Authorization: Bearer {IntakeTestHost.Secret}"],
            },
        };
        subscription.CriteriaElement.SetStringExtension(KnownSubscriptionUrls.FilterCriteriaExtension, "Encounter?status=finished");
        subscription.Channel.PayloadElement.SetExtension(KnownSubscriptionUrls.PayloadContentExtension, new Code("full-resource"));
        return subscription;
    }

    private static async System.Threading.Tasks.Task PostOkAsync(IntakeTestHost host, string body)
    {
        using var response = await host.PostAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<SubscriptionHealthView> WaitForActiveRecoveryAsync(IntakeTestHost host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var health = (await host.Client.GetFromJsonAsync<SubscriptionHealthView>($"/subscriptions/{IntakeTestHost.SubscriptionId}/health"))!;
            if (health is { Health: "active", LastRecovery: not null })
            {
                return health;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The subscription did not recover; last: {health}");
            await System.Threading.Tasks.Task.Delay(50);
        }
    }
}
