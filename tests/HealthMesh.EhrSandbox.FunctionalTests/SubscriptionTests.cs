using System.Net;
using HealthMesh.EhrSandbox.Subscriptions;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using static HealthMesh.EhrSandbox.FunctionalTests.EhrSandboxFactory;

namespace HealthMesh.EhrSandbox.FunctionalTests;

public sealed class SubscriptionTests(EhrSandboxFactory sandbox) : IClassFixture<EhrSandboxFactory>
{
    [Fact]
    public async System.Threading.Tasks.Task A_classic_rest_hook_subscription_gets_the_matching_resource_with_its_headers()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        var subscription = await SubscribeAsync(Classic(receiver.Url + "/classic", "application/fhir+json"));
        Assert.Equal(Subscription.SubscriptionStatus.Active, subscription.Status);

        var inProgress = await CreateEncounterAsync(Encounter.EncounterStatus.InProgress);
        var finished = await CreateEncounterAsync(Encounter.EncounterStatus.Finished);

        // Deliveries leave in commit order, so had the in-progress encounter matched, it would arrive first.
        var notification = await receiver.NextAsync();
        Assert.Equal("/classic", notification.Path);
        Assert.Equal("Bearer sandbox-test", notification.Authorization);
        Assert.StartsWith(FhirJsonMediaType, notification.ContentType);
        var delivered = FhirJson.Parse<Encounter>(notification.Body);
        Assert.Equal((finished, "1"), (delivered.Id, delivered.Meta!.VersionId));
        Assert.NotEqual(inProgress, delivered.Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_classic_subscription_without_payload_gets_an_empty_notification()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        await SubscribeAsync(Classic(receiver.Url + "/empty", payload: null));

        await CreateEncounterAsync(Encounter.EncounterStatus.Finished);

        var notification = await receiver.NextAsync();
        Assert.Equal(("/empty", string.Empty), (notification.Path, notification.Body));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_failed_delivery_is_retried_from_the_outbox()
    {
        await using var receiver = await NotificationReceiver.StartAsync(failFirst: 1);
        await SubscribeAsync(Classic(receiver.Url + "/flaky", "application/fhir+json"));

        var finished = await CreateEncounterAsync(Encounter.EncounterStatus.Finished);

        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();
        Assert.Equal((500, 200), (first.AnsweredStatus, second.AnsweredStatus));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(finished, FhirJson.Parse<Encounter>(second.Body).Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_backport_subscription_gets_a_handshake_then_numbered_event_notifications()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        var subscription = Backport(receiver.Url + "/backport", "full-resource");
        var created = await SubscribeAsync(subscription);

        var handshake = FhirJson.Parse<Bundle>((await receiver.NextAsync()).Body);
        var finished = await CreateEncounterAsync(Encounter.EncounterStatus.Finished);
        var second = await CreateEncounterAsync(Encounter.EncounterStatus.Finished);
        var first = FhirJson.Parse<Bundle>((await receiver.NextAsync()).Body);
        var next = FhirJson.Parse<Bundle>((await receiver.NextAsync()).Body);

        Assert.Equal(Bundle.BundleType.History, handshake.Type);
        var handshakeStatus = (Parameters)handshake.Entry[0].Resource!;
        Assert.Equal("handshake", handshakeStatus.GetSingleValue<Code>("type")!.Value);
        Assert.Equal($"Subscription/{created.Id}", handshakeStatus.GetSingleValue<ResourceReference>("subscription")!.Reference);

        var status = (Parameters)first.Entry[0].Resource!;
        Assert.Equal("event-notification", status.GetSingleValue<Code>("type")!.Value);
        Assert.Equal("1", status.GetSingleValue<FhirString>("events-since-subscription-start")!.Value);
        var notificationEvent = status.Parameter.Single(p => p.Name == "notification-event");
        Assert.Equal("1", ((FhirString)notificationEvent.Part.Single(p => p.Name == "event-number").Value!).Value);
        Assert.Equal($"Encounter/{finished}", ((ResourceReference)notificationEvent.Part.Single(p => p.Name == "focus").Value!).Reference);
        Assert.Equal(finished, first.Entry[1].Resource!.Id);
        Assert.Equal("2", ((Parameters)next.Entry[0].Resource!).GetSingleValue<FhirString>("events-since-subscription-start")!.Value);
        Assert.Equal(second, next.Entry[1].Resource!.Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_backport_subscription_with_a_heartbeat_period_gets_heartbeats_when_idle()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        var subscription = Backport(receiver.Url + "/heartbeat", "id-only");
        subscription.Criteria = "http://healthmesh.example/SubscriptionTopic/report-final";
        subscription.CriteriaElement.SetStringExtension(KnownSubscriptionUrls.FilterCriteriaExtension, "DiagnosticReport?status=final");
        subscription.Channel.SetExtension(KnownSubscriptionUrls.HeartbeatPeriodExtension, new UnsignedInt(1));
        await SubscribeAsync(subscription);

        var handshake = FhirJson.Parse<Bundle>((await receiver.NextAsync()).Body);
        var heartbeat = FhirJson.Parse<Bundle>((await receiver.NextAsync()).Body);

        Assert.Equal("handshake", ((Parameters)handshake.Entry[0].Resource!).GetSingleValue<Code>("type")!.Value);
        var status = (Parameters)heartbeat.Entry[0].Resource!;
        Assert.Equal(("heartbeat", "0"), (status.GetSingleValue<Code>("type")!.Value, status.GetSingleValue<FhirString>("events-since-subscription-start")!.Value));
        Assert.Single(heartbeat.Entry);
    }

    [Theory]
    [InlineData("Encounter?colour=red", "rest-hook", "http://127.0.0.1:1/x")]
    [InlineData("NotAType?status=finished", "rest-hook", "http://127.0.0.1:1/x")]
    [InlineData("Encounter?status=finished", "websocket", "http://127.0.0.1:1/x")]
    [InlineData("Encounter?status=finished", "rest-hook", "not a url")]
    public async System.Threading.Tasks.Task A_subscription_the_sandbox_cannot_honour_is_rejected_with_400(string criteria, string channelType, string endpoint)
    {
        var subscription = Classic(endpoint, "application/fhir+json");
        subscription.Criteria = criteria;
        subscription.Channel.TypeElement = new Code<Subscription.SubscriptionChannelType>(
            Hl7.Fhir.Utility.EnumUtility.ParseLiteral<Subscription.SubscriptionChannelType>(channelType));

        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Subscription", subscription);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ReadAsync<OperationOutcome>(response);
    }

    internal static Subscription Classic(string endpoint, string? payload) => new()
    {
        Status = Subscription.SubscriptionStatus.Requested,
        Reason = "HealthMesh functional test",
        Criteria = "Encounter?status=finished",
        Channel = new Subscription.ChannelComponent
        {
            Type = Subscription.SubscriptionChannelType.RestHook,
            Endpoint = endpoint,
            Payload = payload,
            Header = ["Authorization: Bearer sandbox-test"],
        },
    };

    internal static Subscription Backport(string endpoint, string payloadContent)
    {
        var subscription = Classic(endpoint, "application/fhir+json");
        subscription.Meta = new Meta { Profile = [KnownSubscriptionUrls.BackportSubscriptionProfile] };
        subscription.Criteria = "http://healthmesh.example/SubscriptionTopic/encounter-finished";
        subscription.CriteriaElement.SetStringExtension(KnownSubscriptionUrls.FilterCriteriaExtension, "Encounter?status=finished");
        subscription.Channel.PayloadElement.SetExtension(KnownSubscriptionUrls.PayloadContentExtension, new Code(payloadContent));
        return subscription;
    }

    private async Task<Subscription> SubscribeAsync(Subscription subscription)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Subscription", subscription);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await ReadAsync<Subscription>(response);
    }

    private async Task<string> CreateEncounterAsync(Encounter.EncounterStatus status)
    {
        using var response = await sandbox.SendAsync(HttpMethod.Post, "/fhir/Encounter", new Encounter
        {
            Status = status,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference("Patient/subscription-test"),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync<Encounter>(response)).Id!;
    }
}
