using System.Net;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.FunctionalTests.Notifications;

/// <summary>
/// Identical notifications arriving at the same moment (an EHR retrying while its first attempt is still being
/// answered, or two EHR nodes sending the same event): the journal's claims let exactly one publish. The broker's
/// confirm is slowed so every delivery arrives while the first is still publishing. Both SQLite and PostgreSQL.
/// </summary>
public sealed class ConcurrentDeliveryTests
{
    private const int Deliveries = 8;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task The_same_event_delivered_concurrently_is_published_once_and_every_delivery_gets_200(bool postgreSql)
    {
        await using var host = await IntakeTestHost.StartAsync(postgreSql: postgreSql);
        host.Broker.ConfirmDelay = TimeSpan.FromMilliseconds(500);
        var notification = BackportNotifications.Event("11", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, host.Ehr.BaseUrl.ToString());

        var bodies = await PostTogetherAsync(host, Enumerable.Repeat(notification, Deliveries));

        Assert.Single(host.Published());
        Assert.Single(bodies, b => b.Contains("Accepted Encounter/", StringComparison.Ordinal));
        Assert.Equal(Deliveries - 1, bodies.Count(b => b.Contains("Duplicate Encounter/", StringComparison.Ordinal)));
        // Only the delivery that held the event read its focus from the EHR.
        Assert.Single(host.Ehr.Requests, r => r == $"GET /fhir/Encounter/{ClinicalFixtures.FinishedEncounterId}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async System.Threading.Tasks.Task One_resource_version_under_different_event_numbers_and_forms_at_once_is_published_once(bool postgreSql)
    {
        await using var host = await IntakeTestHost.StartAsync(postgreSql: postgreSql);
        host.Broker.ConfirmDelay = TimeSpan.FromMilliseconds(500);
        using var http = new HttpClient();
        var encounter = FhirJson.Parse<Encounter>(await http.GetStringAsync($"{host.Ehr.BaseUrl}/Encounter/{ClinicalFixtures.FinishedEncounterId}"));
        var baseUrl = host.Ehr.BaseUrl.ToString();
        var bodies = Enumerable.Range(1, Deliveries / 2)
            .Select(n => BackportNotifications.Event(n.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Encounter/{encounter.Id}", encounter, baseUrl))
            .Concat(Enumerable.Repeat(FhirJson.Serialize(encounter), Deliveries / 2));

        var answers = await PostTogetherAsync(host, bodies);

        // Event numbers arriving out of order look like a gap, and the recovery that follows may publish the EHR's
        // other triggers: only the encounter's publishes count here.
        Assert.Single(host.Published(), p => p.ResourceId == encounter.Id);
        Assert.Single(answers, b => b.Contains("Accepted Encounter/", StringComparison.Ordinal));
        Assert.Equal(Deliveries - 1, answers.Count(b => b.Contains("This resource version already started a workflow", StringComparison.Ordinal)));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_delivery_that_cannot_wait_for_the_one_in_flight_gets_503_and_its_retry_a_duplicate()
    {
        await using var host = await IntakeTestHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["HealthMesh:Intake:ConcurrentDeliveryWait"] = "00:00:00.200",
        });
        host.Broker.ConfirmDelay = TimeSpan.FromSeconds(2);
        var notification = BackportNotifications.Event("12", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", null, host.Ehr.BaseUrl.ToString());

        var first = host.PostAsync(notification);
        await WaitUntilAsync(() => host.Ehr.Requests.Any(r => r == $"GET /fhir/Encounter/{ClinicalFixtures.FinishedEncounterId}"));
        using var second = await host.PostAsync(notification);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Contains("being handled by another delivery", await second.Content.ReadAsStringAsync());
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);

        using var retried = await host.PostAsync(notification);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Contains("Duplicate", await retried.Content.ReadAsStringAsync());
        Assert.Single(host.Published());
    }

    private static async Task<string[]> PostTogetherAsync(IntakeTestHost host, IEnumerable<string> bodies)
    {
        var responses = await System.Threading.Tasks.Task.WhenAll(bodies.Select(body => System.Threading.Tasks.Task.Run(() => host.PostAsync(body))));
        try
        {
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            return await System.Threading.Tasks.Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    private static async System.Threading.Tasks.Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The first delivery did not start.");
            await System.Threading.Tasks.Task.Delay(10);
        }
    }
}
