using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.Intake.PubSub;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.PubSub;

/// <summary>
/// Intake at the HTTP contract a Dapr sidecar uses: the <c>/dapr/subscribe</c> document, CloudEvents delivery
/// (structured JSON) into the rest-hook's pipeline, and SUCCESS / RETRY / DROP answers.
/// </summary>
public sealed class PubSubApiTests
{
    private const string Token = "dapr-app-token-0123456789";

    private static readonly Dictionary<string, string> PubSubSettings = new()
    {
        ["HealthMesh:Intake:PubSub:Enabled"] = "true",
        ["HealthMesh:Intake:PubSub:AppApiToken"] = Token,
    };

    [Fact]
    public async System.Threading.Tasks.Task Subscribe_document_names_the_component_topic_and_route()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: PubSubSettings);

        var subscriptions = JsonSerializer.Deserialize<JsonElement[]>(await host.Client.GetStringAsync("/dapr/subscribe"))!;

        // The sidecar reads these fields case-insensitively (Go's encoding/json): Dapr.AspNetCore writes pubsubName.
        var subscription = Assert.Single(subscriptions).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(PubSubOptions.DefaultPubSubName, subscription["pubsubname"]);
        Assert.Equal(PubSubOptions.DefaultTopic, subscription["topic"]);
        Assert.Equal(PubSubApi.Route.TrimStart('/'), subscription["route"].TrimStart('/'));
    }

    [Fact]
    public async System.Threading.Tasks.Task Without_pub_sub_the_subscribe_document_is_empty_and_nothing_is_accepted()
    {
        await using var host = await IntakeTestHost.StartAsync();

        Assert.Equal("[]", await host.Client.GetStringAsync("/dapr/subscribe"));
        using var response = await PostAsync(host, CloudEvent("evt-1", JsonNode.Parse(await EncounterJsonAsync(host))));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_CloudEvent_carrying_a_finished_encounter_starts_one_workflow_and_its_redelivery_none()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: PubSubSettings);
        var cloudEvent = CloudEvent("evt-1", JsonNode.Parse(await EncounterJsonAsync(host)));

        Assert.Equal("SUCCESS", await StatusAsync(host, cloudEvent));
        Assert.Equal("SUCCESS", await StatusAsync(host, cloudEvent));

        var published = Assert.Single(host.Published());
        Assert.Equal(("Encounter", ClinicalFixtures.FinishedEncounterId, "1"), (published.ResourceType, published.ResourceId, published.ResourceVersion));
    }

    [Fact]
    public async System.Threading.Tasks.Task Data_delivered_as_a_string_or_base64_is_the_same_notification()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: PubSubSettings);
        var encounter = await EncounterJsonAsync(host);

        Assert.Equal("SUCCESS", await StatusAsync(host, CloudEvent("evt-string", JsonValue.Create(encounter))));
        var base64 = CloudEvent("evt-base64", null);
        base64["data_base64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(encounter));
        Assert.Equal("SUCCESS", await StatusAsync(host, base64));

        // Same resource version: the second is a duplicate of the first, as on the rest-hook.
        Assert.Single(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_Backport_event_notification_goes_through_the_same_parsing_and_triggers()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: PubSubSettings);
        var notification = BackportNotifications.Event("7", $"Encounter/{ClinicalFixtures.OpenEncounterId}", null, host.Ehr.BaseUrl.ToString());

        Assert.Equal("SUCCESS", await StatusAsync(host, CloudEvent("evt-open", JsonNode.Parse(notification))));

        // An encounter still in progress triggers no note: ignored, as through the rest-hook.
        Assert.Empty(host.Published());

        var finished = BackportNotifications.Event("8", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, host.Ehr.BaseUrl.ToString());
        Assert.Equal("SUCCESS", await StatusAsync(host, CloudEvent("evt-finished", JsonNode.Parse(finished))));
        Assert.Equal(ClinicalFixtures.FinishedEncounterId, Assert.Single(host.Published()).ResourceId);
    }

    [Fact]
    public async System.Threading.Tasks.Task Broker_down_answers_RETRY_and_the_redelivery_succeeds_once()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: PubSubSettings);
        var cloudEvent = CloudEvent("evt-retry", JsonNode.Parse(await EncounterJsonAsync(host)));

        host.Broker.IsDown = true;
        Assert.Equal("RETRY", await StatusAsync(host, cloudEvent));
        Assert.Empty(host.Published());

        host.Broker.IsDown = false;
        Assert.Equal("SUCCESS", await StatusAsync(host, cloudEvent));
        Assert.Single(host.Published());
    }

    public static TheoryData<string, string> InvalidEvents() => new()
    {
        { "not JSON", "{" },
        { "no id", """{"specversion":"1.0","type":"t","source":"s","data":{}}""" },
        { "no data", """{"specversion":"1.0","id":"e","type":"t","source":"s"}""" },
        { "not FHIR", """{"specversion":"1.0","id":"e","type":"t","source":"s","data":{"hello":"world"}}""" },
        { "unsupported resource", """{"specversion":"1.0","id":"e","type":"t","source":"s","data":{"resourceType":"Patient","id":"p"}}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async System.Threading.Tasks.Task An_event_that_can_never_succeed_is_dropped(string why, string body)
    {
        _ = why;
        await using var host = await IntakeTestHost.StartAsync(settings: PubSubSettings);

        using var response = await PostAsync(host, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DROP", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Empty(host.Published());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789")]
    public async System.Threading.Tasks.Task A_delivery_without_the_sidecar_token_is_refused_not_dropped(string? token)
    {
        await using var host = await IntakeTestHost.StartAsync(settings: PubSubSettings);

        using var response = await PostAsync(host, CloudEvent("evt-1", JsonNode.Parse(await EncounterJsonAsync(host))).ToJsonString(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Published());
    }

    [Fact]
    public async System.Threading.Tasks.Task Enabling_pub_sub_without_an_app_token_fails_start_up()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => IntakeTestHost.StartAsync(settings: new Dictionary<string, string> { ["HealthMesh:Intake:PubSub:Enabled"] = "true" }));

        Assert.Contains("HealthMesh:Intake:PubSub:AppApiToken", failure.ToString(), StringComparison.Ordinal);
    }

    private static JsonObject CloudEvent(string id, JsonNode? data)
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "ehr-publisher",
            ["type"] = "org.hl7.fhir.notification",
            ["datacontenttype"] = "application/fhir+json",
            ["pubsubname"] = PubSubOptions.DefaultPubSubName,
            ["topic"] = PubSubOptions.DefaultTopic,
        };
        if (data is not null)
        {
            cloudEvent["data"] = data;
        }

        return cloudEvent;
    }

    private static async Task<string> EncounterJsonAsync(IntakeTestHost host)
    {
        using var http = new HttpClient();
        return FhirJson.Serialize(FhirJson.Parse<Encounter>(await http.GetStringAsync($"{host.Ehr.BaseUrl}/Encounter/{ClinicalFixtures.FinishedEncounterId}")));
    }

    private static async Task<string?> StatusAsync(IntakeTestHost host, JsonObject cloudEvent)
    {
        using var response = await PostAsync(host, cloudEvent.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static Task<HttpResponseMessage> PostAsync(IntakeTestHost host, JsonObject cloudEvent) => PostAsync(host, cloudEvent.ToJsonString());

    private static Task<HttpResponseMessage> PostAsync(IntakeTestHost host, string body, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PubSubApi.Route)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/cloudevents+json"),
        };
        if (token is not null)
        {
            request.Headers.Add(PubSubApi.ApiTokenHeader, token);
        }

        return host.Client.SendAsync(request);
    }
}
