using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using HealthMesh.Testing.Identity;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.EndToEndTests.Serve;

/// <summary>
/// The README's first command, as a newcomer runs it: <c>healthmesh serve</c> loads the samples, drafts appear in the
/// review queue (critical radiology first), and approving one as a development-login reviewer puts a final note,
/// authored and verified by that reviewer's Practitioner, into the sandbox EHR.
/// </summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_shows_every_sample_as_a_draft_and_an_approval_reaches_the_sandbox_EHR()
    {
        var port = ServiceProcess.FreeLoopbackPort();
        var data = TestConfiguration.CreateTempDirectory("serve");
        using var serve = HealthMeshCli.Start("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var samples = Directory.GetFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "fhir"), "*.json").Length;
        await serve.WaitForAsync(async () => (await http.GetAsync("review/login")).IsSuccessStatusCode ? "up" : null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/reviews")).StatusCode);
        await DevelopmentLogin.SignInAsync(http, DevelopmentLogin.Shah);

        var queue = await serve.WaitForAsync(async () =>
        {
            var entries = await http.GetFromJsonAsync<JsonElement[]>("api/reviews");
            return entries?.Length == samples ? entries : null;
        });

        Assert.Equal("Critical", queue[0].GetProperty("priority").GetString());
        Assert.Equal("DiagnosticReport", queue[0].GetProperty("resourceType").GetString());
        var page = await http.GetStringAsync("review");
        Assert.Contains("Drafts awaiting review", page);

        var workflowId = queue[0].GetProperty("workflowId").GetString();
        var approval = await http.PostAsJsonAsync($"api/reviews/{workflowId}/approve", new { expectedRevision = 1 });
        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);

        var document = await serve.WaitForAsync(async () =>
        {
            var bundle = FhirJson.Parse<Bundle>(await http.GetStringAsync($"fhir/DocumentReference?identifier=urn:healthmesh:note|{workflowId}-DocumentReference"));
            return bundle.Entry.Select(e => e.Resource).OfType<DocumentReference>().SingleOrDefault();
        });
        Assert.Equal(CompositionStatus.Final, document.DocStatus);
        Assert.Equal("Practitioner/sbx-pract-shah", Assert.Single(document.Author).Reference);
        var provenance = FhirJson.Parse<Bundle>(await http.GetStringAsync($"fhir/Provenance?_tag=urn:healthmesh:note|{workflowId}-Provenance"))
            .Entry.Select(e => e.Resource).OfType<Provenance>().Single();
        Assert.Contains(provenance.Agent, a => a.Who?.Reference == "Practitioner/sbx-pract-shah");
        var report = FhirJson.Parse<DiagnosticReport>(await http.GetStringAsync($"fhir/DiagnosticReport/{queue[0].GetProperty("resourceId").GetString()}"));
        Assert.Equal(report.Subject?.Reference, document.Subject?.Reference);
    }
}
