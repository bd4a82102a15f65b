using System.Net;
using System.Net.Http.Json;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Hl7.Fhir.FhirPath;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

// Firely's POCO elements are nullable; the assertions walk them directly and a null fails the test anyway.
#nullable disable warnings

namespace HealthMesh.Orchestrator.UnitTests.Governance;

/// <summary><c>/api/audit</c> (FHIR AuditEvent export) and <c>/api/audit/verify</c> over HTTP, operator role only.</summary>
public sealed class AuditApiTests
{
    // The R4 invariants of AuditEvent and Bundle that apply to a collection of AuditEvents: Firely's POCO validation
    // checks cardinality, types and primitive formats; these FHIRPath constraints are evaluated beside it.
    private static readonly (string Key, string Expression)[] AuditEventInvariants =
    [
        ("sev-1", "entity.all(name.empty() or query.empty())"),
        ("dom-2", "contained.contained.empty()"),
        ("ele-1", "descendants().all(hasValue() or children().exists())"),
    ];

    private static readonly (string Key, string Expression)[] BundleInvariants =
    [
        ("bdl-1", "total.empty() or (type = 'searchset') or (type = 'history')"),
        ("bdl-2", "entry.search.empty() or (type = 'searchset')"),
        ("bdl-7", "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()"),
        ("bdl-8", "entry.all(fullUrl.contains('/_history/').not())"),
    ];

    private static readonly SymbolTable FhirSymbols = new SymbolTable().AddStandardFP().AddFhirExtensions();

    public static TheoryData<string> Endpoints => ["/api/audit", "/api/audit/verify"];

    [Fact]
    public async Task The_export_of_a_reviewed_workflow_is_a_valid_FHIR_R4_Bundle_of_AuditEvents()
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        using var client = host.CreateClient();
        var id = await host.ToAwaitingReviewAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/reviews/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/reviews/{id}/approve", new ApproveReviewRequest(1))).StatusCode);
        await host.ConsentConfirmedAsync(id);
        await host.Factory.Services.GetRequiredService<IBus>().Publish(new ClinicalNoteWrittenBack(id, "DocumentReference/d1", "Composition/c1", "Provenance/p1", false));
        await host.InState(id, "Completed");
        await WaitForAsync(host, id, KnownAuditActions.WrittenBack);

        var response = await client.GetAsync($"/api/audit?workflowId={id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AuditApi.FhirJsonContentType, response.Content.Headers.ContentType?.MediaType);
        var bundle = FhirJson.Parse<Bundle>(await response.Content.ReadAsStringAsync());
        AssertValid(bundle, BundleInvariants);
        var events = bundle.Entry.Select(e => Assert.IsType<AuditEvent>(e.Resource)).ToList();
        foreach (var audit in events)
        {
            AssertValid(audit, AuditEventInvariants);
        }

        Assert.Equal(
            [KnownAuditActions.Accepted, KnownAuditActions.Deidentified, KnownAuditActions.Drafted, KnownAuditActions.Viewed, KnownAuditActions.Approved, KnownAuditActions.Reidentified, KnownAuditActions.WrittenBack],
            events.Select(e => e.Subtype.Single(c => c.System == AuditEventExport.ActionSystem).Code));
        Assert.All(events, e => Assert.Equal(AuditEvent.AuditEventOutcome.N0, e.Outcome));
        Assert.All(events, e => Assert.Equal($"urn:uuid:{id}", e.Entity[0].What.Identifier.Value));

        var viewed = events.Single(e => e.Subtype.Any(c => c.Code == KnownAuditActions.Viewed));
        Assert.Equal((AuditEvent.AuditEventAction.R, "Practitioner/p1", "user-1", true), (viewed.Action, viewed.Agent[0].Who.Reference, viewed.Agent[0].AltId, viewed.Agent[0].Requestor));
        Assert.Contains(viewed.Subtype, c => c.System == AuditEventExport.LifecycleSystem && c.Code == "access");

        var approved = events.Single(e => e.Subtype.Any(c => c.Code == KnownAuditActions.Approved));
        Assert.Equal("Practitioner/p1", approved.Agent.Single().Who.Reference);

        var drafted = events.Single(e => e.Subtype.Any(c => c.Code == KnownAuditActions.Drafted));
        Assert.Equal(["summarization", "rules|1.0.0"], drafted.Agent.Select(a => a.Who.Identifier.Value));

        var accepted = events[0];
        Assert.Equal($"{WorkflowHarness.Source}/Encounter/{accepted.Entity[1].What.Reference.Split('/')[^3]}/_history/1", accepted.Entity[1].What.Reference);
        Assert.Equal(["DocumentReference/d1", "Composition/c1", "Provenance/p1"], events[^1].Entity.Skip(1).Select(e => e.What.Reference));

        // The chain's links travel with the export, so a file can be re-verified away from the database.
        var links = events.Select(e => e.Entity[0].Detail.ToDictionary(d => d.Type, d => ((FhirString)d.Value).Value)).ToList();
        Assert.All(links.Skip(1).Zip(links), pair => Assert.Equal(pair.Second["auditHash"], pair.First["auditPreviousHash"]));
    }

    [Fact]
    public async Task Verify_reports_an_intact_chain_and_the_range_filters_by_recorded_time()
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        using var client = host.CreateClient(roles: [KnownReviewerRoles.Operator]);
        var id = await host.ToAwaitingReviewAsync();
        await WaitForAsync(host, id, KnownAuditActions.Drafted);

        var verification = await client.GetFromJsonAsync<AuditVerification>("/api/audit/verify", OrchestratorApiHost.Json);
        Assert.True(verification!.Intact);
        Assert.Equal(3, verification.Records);
        Assert.Null(verification.FirstBrokenSequence);

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        var later = FhirJson.Parse<Bundle>(await client.GetStringAsync($"/api/audit?from={future}"));
        Assert.Empty(later.Entry);
        var past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        Assert.Equal(3, FhirJson.Parse<Bundle>(await client.GetStringAsync($"/api/audit?from={past}&to={future}")).Entry.Count);

        var backwards = await client.GetAsync($"/api/audit?from={future}&to={past}");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("must be before", (await backwards.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task A_viewer_without_a_Practitioner_is_recorded_by_subject_and_role()
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer], fhirUser: null, subject: "viewer-9");
        var id = await host.ToAwaitingReviewAsync();

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/review/{id}")).StatusCode);

        var viewed = await WaitForAsync(host, id, KnownAuditActions.Viewed);
        Assert.Equal((KnownAuditAgentTypes.Person, "viewer-9", "viewer-9", KnownReviewerRoles.Viewer), (viewed.AgentType, viewed.Agent, viewed.AgentSubject, viewed.Detail[KnownAuditDetails.Role]));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Anonymous_gets_401_viewer_and_reviewer_403_operator_200(string path)
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        using var anonymous = host.Factory.CreateClient();
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer]);
        using var reviewer = host.CreateClient(roles: [KnownReviewerRoles.Reviewer]);
        using var @operator = host.CreateClient(roles: [KnownReviewerRoles.Operator]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await @operator.GetAsync(path)).StatusCode);
    }

    private static void AssertValid(Resource resource, IEnumerable<(string Key, string Expression)> invariants)
    {
        var errors = resource.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, validateRecursively: true);
        Assert.Empty(errors.Select(e => e.Message));
        var compiler = new FhirPathCompiler(FhirSymbols);
        foreach (var (key, expression) in invariants)
        {
            Assert.True(compiler.Compile(expression).Predicate(resource, new EvaluationContext()), $"{resource.TypeName} breaks {key}: {expression}");
        }
    }

    private static async Task<AuditRecord> WaitForAsync(OrchestratorApiHost host, Guid workflowId, string action)
    {
        var trail = host.Factory.Services.GetRequiredService<AuditTrail>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if ((await trail.QueryAsync(workflowId)).FirstOrDefault(r => r.Action == action) is { } record)
            {
                return record;
            }

            Assert.True(DateTime.UtcNow < until, $"No '{action}' record for workflow {workflowId}.");
            await Task.Delay(25);
        }
    }
}
