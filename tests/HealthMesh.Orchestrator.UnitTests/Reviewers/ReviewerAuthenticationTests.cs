using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.Testing.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthMesh.Orchestrator.UnitTests.Reviewers;

/// <summary>
/// Who may use the review API and page: bearer tokens of a real (loopback) OpenID Connect issuer, checked for
/// signature, audience and lifetime; roles; and the Practitioner each approval is recorded under.
/// </summary>
public sealed class ReviewerAuthenticationTests : IAsyncLifetime
{
    private OrchestratorApiHost host = null!;

    public async Task InitializeAsync() => host = await OrchestratorApiHost.StartAsync(new Dictionary<string, string?>
    {
        ["HealthMesh:Review:Authentication:Practitioners:mapped-user"] = "Practitioner/mapped-9",
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Without_credentials_the_api_answers_401_and_the_page_is_not_served()
    {
        using var anonymous = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var id = await host.ToAwaitingReviewAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/reviews/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/codes?q=J20")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/workflows/{id}/retry", new { requestedBy = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/review")).StatusCode);
        // The page's stylesheet and script carry nothing to protect and the login page needs them.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/review/assets/review.css")).StatusCode);
        await host.InState(id, "AwaitingReview");
    }

    [Fact]
    public async Task A_viewer_reads_the_queue_and_the_draft_but_gets_403_approving_and_sees_no_decision_form()
    {
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer], followRedirects: false);
        var id = await host.ToAwaitingReviewAsync();

        Assert.Contains(await viewer.GetFromJsonAsync<List<ReviewQueueEntry>>("/api/reviews", OrchestratorApiHost.Json) ?? [], e => e.WorkflowId == id);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/reviews/{id}")).StatusCode);
        var page = await viewer.GetStringAsync($"/review/{id}");
        Assert.Contains("Read only", page);
        Assert.DoesNotContain("id=\"approve\"", page);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/reviews/{id}/reject", new RejectReviewRequest("no", 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/workflows/{id}/retry", new { requestedBy = "x" })).StatusCode);

        using var nobody = host.CreateClient(roles: ["billing"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/api/reviews")).StatusCode);
        await host.InState(id, "AwaitingReview");
    }

    [Fact]
    public async Task Only_tokens_of_the_configured_issuer_and_audience_within_their_lifetime_are_accepted()
    {
        await using var stranger = await TestTokenIssuer.StartAsync();
        using var client = host.Factory.CreateClient();
        string[] reviewer = [KnownReviewerRoles.Reviewer];

        Assert.Equal(HttpStatusCode.OK, await StatusWith(client, host.Issuer.CreateToken("user-1", reviewer, OrchestratorApiHost.Reviewer)));
        // Signed by another key (and naming another issuer).
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(client, stranger.CreateToken("user-1", reviewer, OrchestratorApiHost.Reviewer)));
        // Signed by our issuer's key but claiming to come from elsewhere.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(client, host.Issuer.CreateToken("user-1", reviewer, extraClaims: new Dictionary<string, object> { ["iss"] = stranger.Issuer })));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(client, host.Issuer.CreateToken("user-1", reviewer, audience: "another-api")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(client, host.Issuer.CreateToken("user-1", reviewer, lifetime: TimeSpan.FromMinutes(-10))));
        var token = host.Issuer.CreateToken("user-1", reviewer);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(client, token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA")));
    }

    [Fact]
    public async Task The_approval_is_recorded_under_the_mapped_or_claimed_Practitioner_never_a_request_field()
    {
        // The configured mapping wins over the claim.
        using var mapped = host.CreateClient(roles: [KnownReviewerRoles.Reviewer], fhirUser: "Practitioner/from-claim", subject: "mapped-user");
        var first = await host.ToAwaitingReviewAsync();
        var accepted = await mapped.PostAsJsonAsync($"/api/reviews/{first}/approve", new { expectedRevision = 1, reviewer = "Practitioner/forged" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await host.ConsentConfirmedAsync(first);

        // An absolute fhirUser (as SMART issues it) is recorded relative.
        using var claimed = host.CreateClient(roles: [KnownReviewerRoles.Reviewer], fhirUser: "https://ehr.example.org/fhir/Practitioner/abs-7", subject: "other-user");
        var second = await host.ToAwaitingReviewAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await claimed.PostAsJsonAsync($"/api/reviews/{second}/approve", new ApproveReviewRequest(1))).StatusCode);
        await host.ConsentConfirmedAsync(second);

        var queries = host.Factory.Services.GetRequiredService<IClinicalNoteWorkflowQueries>();
        Assert.Equal("Practitioner/mapped-9", (await queries.GetAsync(first))!.ReviewerReference);
        Assert.Equal("Practitioner/abs-7", (await queries.GetAsync(second))!.ReviewerReference);
    }

    [Fact]
    public async Task With_a_client_id_the_page_signs_in_at_the_identity_provider_and_the_api_keeps_answering_401()
    {
        await using var oidc = await OrchestratorApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["HealthMesh:Review:Authentication:ClientId"] = "healthmesh-review-page",
            ["HealthMesh:Review:Authentication:ClientSecret"] = "page-secret",
        });
        using var anonymous = oidc.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await anonymous.GetAsync("/review");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var location = page.Headers.Location!.ToString();
        Assert.StartsWith($"{oidc.Issuer.Issuer}/authorize?", location);
        Assert.Contains("client_id=healthmesh-review-page", location);
        Assert.Contains("response_type=code", location);
        Assert.Contains("code_challenge=", location);
        Assert.Contains("redirect_uri=http%3A%2F%2Flocalhost%2Freview%2Fsignin-oidc", location);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reviews")).StatusCode);
        using var bearer = oidc.CreateClient(roles: [KnownReviewerRoles.Viewer]);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/reviews")).StatusCode);
    }

    [Fact]
    public async Task The_development_login_is_refused_outside_development_and_the_embedded_host()
    {
        await using var production = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("HealthMesh:Transport:Kind", "InMemory");
            web.UseSetting("HealthMesh:Database:Provider", "Sqlite");
            web.UseSetting("HealthMesh:Database:ConnectionString", $"Data Source={Path.Combine(Path.GetTempPath(), $"hm-auth-{Guid.NewGuid():N}.db")}");
            web.UseSetting("HealthMesh:Documents:ActiveKeyId", "k");
            web.UseSetting("HealthMesh:Documents:EncryptionKeys:k", Convert.ToBase64String(new byte[32]));
            web.UseSetting("HealthMesh:Review:Authentication:Mode", "DevelopmentLogin");
            web.UseSetting("HealthMesh:Review:Authentication:DevelopmentReviewers:0:Id", "dev");
            web.UseSetting("HealthMesh:Review:Authentication:DevelopmentReviewers:0:Name", "Dev");
            web.UseSetting("HealthMesh:Review:Authentication:DevelopmentReviewers:0:Roles:0", "reviewer");
        });

        var refused = Assert.ThrowsAny<OptionsValidationException>(() => production.CreateClient());
        Assert.Contains("only for the embedded 'healthmesh serve' and the Development environment", refused.Message);
    }

    private static async Task<HttpStatusCode> StatusWith(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reviews");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
