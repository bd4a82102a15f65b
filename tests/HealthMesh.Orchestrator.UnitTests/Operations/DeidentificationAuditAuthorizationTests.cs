using System.Net;
using System.Net.Http.Json;
using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Audit;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

/// <summary>
/// The de-identification audit is served by the Orchestrator host behind the operator role, like the other operator
/// APIs: anonymous 401, viewer and reviewer 403, operator 200 (or a 404 ProblemDetails for an unknown workflow).
/// </summary>
public sealed class DeidentificationAuditAuthorizationTests
{
    [Fact]
    public async Task Only_the_operator_role_reads_a_workflows_audit()
    {
        await using var host = await OrchestratorApiHost.StartAsync();
        var workflowId = Guid.NewGuid();
        var audit = new DeidentificationAuditRecord(workflowId, "default", 3, [new AuditCount("name", "substitute", 2), new AuditCount("date", "dateShift", 1)]);
        await host.Factory.Services.GetRequiredService<IClinicalDocumentStore>()
            .PutAsync(workflowId, KnownDocumentNames.Audit, audit.ToJson(), DocumentSensitivity.Deidentified);
        var path = $"/api/deidentification/workflows/{workflowId}/audit";
        using var anonymous = host.Factory.CreateClient();
        using var viewer = host.CreateClient(roles: [KnownReviewerRoles.Viewer]);
        using var reviewer = host.CreateClient(roles: [KnownReviewerRoles.Reviewer]);
        using var @operator = host.CreateClient(roles: [KnownReviewerRoles.Operator]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync(path)).StatusCode);

        var read = await @operator.GetFromJsonAsync<DeidentificationAuditRecord>(path, OrchestratorApiHost.Json);
        Assert.Equal(audit.Counts, read!.Counts);
        Assert.Equal((workflowId, 3), (read.WorkflowId, read.Total));

        var unknown = await @operator.GetAsync($"/api/deidentification/workflows/{Guid.NewGuid()}/audit");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }
}
