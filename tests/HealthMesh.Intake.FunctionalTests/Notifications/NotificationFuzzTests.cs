using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using HealthMesh.Intake.FunctionalTests.Fixtures;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace HealthMesh.Intake.FunctionalTests.Notifications;

/// <summary>
/// Thousands of deterministic mutations of valid notifications, in JSON and in XML, through the real endpoint: never a 5xx, the host keeps
/// serving, and a body answered 4xx publishes nothing.
/// </summary>
public sealed class NotificationFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20260117;
    private const int MutationsPerBody = 600;

    [Fact]
    public async System.Threading.Tasks.Task Mutated_notification_bodies_never_fail_the_endpoint_or_publish_when_refused()
    {
        await using var host = await IntakeTestHost.StartAsync();
        var baseUrl = host.Ehr.BaseUrl.ToString();
        using var http = new HttpClient();
        var encounter = FhirJson.Parse<Encounter>(await http.GetStringAsync($"{baseUrl}/Encounter/{ClinicalFixtures.FinishedEncounterId}"));
        string[] valid =
        [
            FhirJson.Serialize(encounter),
            BackportNotifications.Event("1", $"DiagnosticReport/{ClinicalFixtures.RadiologyReportId}", null, baseUrl),
            BackportNotifications.Event("2", $"Encounter/{ClinicalFixtures.FinishedEncounterId}", encounter, baseUrl),
            BackportNotifications.Handshake(0),
        ];
        // The unmutated bodies publish the two EHR triggers first: anything a mutation (or a recovery it set off)
        // could still publish is then a new resource version carried by a body that was answered 200.
        foreach (var body in valid)
        {
            using var response = await host.PostAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var mutator = new NotificationMutator(Seed);
        var xmlMutator = new XmlNotificationMutator(Seed);
        var xml = valid.Select(body => FhirXml.Serialize(FhirJson.Parse<Resource>(body))).ToArray();
        var statuses = new Dictionary<int, int>();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < valid.Length * MutationsPerBody * 2; i++)
        {
            // Even rounds mutate the JSON bodies, odd rounds the same notifications in XML.
            var asXml = i % 2 == 1;
            var source = i / 2 % valid.Length;
            var mutated = asXml ? xmlMutator.Mutate(xml[source]) : mutator.Mutate(valid[source]);
            var publishedBefore = host.Published().Count;

            using var request = new HttpRequestMessage(HttpMethod.Post, $"/notifications/{IntakeTestHost.SubscriptionId}") { Content = new ByteArrayContent(mutated) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(asXml ? "application/fhir+xml" : "application/fhir+json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", IntakeTestHost.Secret);
            using var response = await host.Client.SendAsync(request);

            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"Mutation {i} ({(asXml ? "XML" : "JSON")}) was answered {status}: {await response.Content.ReadAsStringAsync()}");
            if (status >= 400)
            {
                Assert.True(publishedBefore == host.Published().Count, $"Mutation {i} was answered {status} but published an event.");
            }
        }

        // Still serving, and still accepting: a new version of the encounter starts a workflow.
        using var alive = await host.Client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var accepted = await host.PostAsync(FhirJson.Serialize(host.Ehr.Seed(encounter)));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains(host.Published(), p => p.ResourceId == ClinicalFixtures.FinishedEncounterId && p.ResourceVersion == "2");
        Assert.True(statuses.Keys.Any(s => s >= 400), "The mutations should include refused bodies.");
        output.WriteLine($"{valid.Length * MutationsPerBody * 2} mutated bodies (half XML) in {stopwatch.Elapsed.TotalSeconds:F1} s; answers: "
                         + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
    }
}
