using System.Net;
using Hl7.Fhir.Model;
using static HealthMesh.EhrSandbox.FunctionalTests.EhrSandboxFactory;
using static HealthMesh.EhrSandbox.FunctionalTests.SubscriptionTests;

namespace HealthMesh.EhrSandbox.FunctionalTests;

/// <summary>
/// <c>Subscription/{id}/$events</c> and <c>$status</c>. Own sandbox: these subscriptions point at an unreachable
/// endpoint, and their undeliverable notifications must not hold up the delivery tests' outbox.
/// </summary>
public sealed class SubscriptionOperationsTests(EhrSandboxFactory sandbox) : IClassFixture<EhrSandboxFactory>
{
    [Fact]
    public async System.Threading.Tasks.Task Events_replays_numbered_events_with_the_version_each_was_about()
    {
        var created = await SubscribeAsync(Backport("http://127.0.0.1:1/unreachable", "id-only"));
        var first = await CreateEncounterAsync(Encounter.EncounterStatus.Finished);
        await CreateEncounterAsync(Encounter.EncounterStatus.InProgress);
        var second = await CreateEncounterAsync(Encounter.EncounterStatus.Finished);
        var third = await CreateEncounterAsync(Encounter.EncounterStatus.Finished);
        // The focus of event 2 changes afterwards (event 4): $events still gives the version event 2 was about.
        using (var update = await sandbox.SendAsync(HttpMethod.Put, $"/fhir/Encounter/{second}", new Encounter
        {
            Id = second,
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"),
            Subject = new ResourceReference("Patient/subscription-test"),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        using var response = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Subscription/{created.Id}/$events?eventsSinceNumber=2&eventsUntilNumber=3&content=full-resource");

        var bundle = await ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.History, bundle.Type);
        var status = (Parameters)bundle.Entry[0].Resource!;
        Assert.Equal(("query-event", "4"), (status.GetSingleValue<Code>("type")!.Value, status.GetSingleValue<FhirString>("events-since-subscription-start")!.Value));
        var events = status.Parameter.Where(p => p.Name == "notification-event").ToList();
        Assert.Equal(["2", "3"], events.Select(e => ((FhirString)e.Part.Single(p => p.Name == "event-number").Value!).Value));
        Assert.Equal(
            [$"http://localhost/fhir/Encounter/{second}", $"http://localhost/fhir/Encounter/{third}"],
            events.Select(e => ((ResourceReference)e.Part.Single(p => p.Name == "focus").Value!).Reference));
        var focus = Assert.IsType<Encounter>(bundle.Entry[1].Resource);
        Assert.Equal((second, "1", "AMB"), (focus.Id, focus.Meta!.VersionId, focus.Class.Code));
        Assert.Equal(third, bundle.Entry[2].Resource!.Id);
        Assert.DoesNotContain(bundle.Entry, e => e.Resource?.Id == first);

        // Without content the subscription's own payload (id-only) applies: focus entries without resources.
        using var idOnly = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Subscription/{created.Id}/$events?eventsSinceNumber=1");
        var ids = await ReadAsync<Bundle>(idOnly);
        Assert.Equal(4, ids.Entry.Count - 1);
        Assert.All(ids.Entry.Skip(1), e => Assert.Null(e.Resource));
    }

    [Fact]
    public async System.Threading.Tasks.Task Status_reports_the_subscription_and_its_event_count()
    {
        var created = await SubscribeAsync(Backport("http://127.0.0.1:1/unreachable", "full-resource"));
        await CreateEncounterAsync(Encounter.EncounterStatus.Finished);

        using var response = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Subscription/{created.Id}/$status");

        var bundle = await ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        var status = (Parameters)bundle.Entry.Single().Resource!;
        Assert.Equal(
            ("query-status", "active", "1"),
            (status.GetSingleValue<Code>("type")!.Value, status.GetSingleValue<Code>("status")!.Value, status.GetSingleValue<FhirString>("events-since-subscription-start")!.Value));
    }

    [Theory]
    [InlineData("classic", "$events", HttpStatusCode.BadRequest)]
    [InlineData("missing", "$events", HttpStatusCode.NotFound)]
    [InlineData("missing", "$status", HttpStatusCode.NotFound)]
    [InlineData("backport", "$events?eventsSinceNumber=two", HttpStatusCode.BadRequest)]
    [InlineData("backport", "$events?content=everything", HttpStatusCode.BadRequest)]
    public async System.Threading.Tasks.Task Subscription_operations_refuse_what_they_cannot_answer_with_an_OperationOutcome(string kind, string operation, HttpStatusCode expected)
    {
        var id = kind switch
        {
            "classic" => (await SubscribeAsync(Classic("http://127.0.0.1:1/unreachable", "application/fhir+json"))).Id,
            "backport" => (await SubscribeAsync(Backport("http://127.0.0.1:1/unreachable", "id-only"))).Id,
            _ => "no-such-subscription",
        };

        using var response = await sandbox.SendAsync(HttpMethod.Get, $"/fhir/Subscription/{id}/{operation}");

        Assert.Equal(expected, response.StatusCode);
        await ReadAsync<OperationOutcome>(response);
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
