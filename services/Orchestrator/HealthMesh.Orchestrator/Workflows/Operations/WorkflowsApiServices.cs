using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using MassTransit;

namespace HealthMesh.Orchestrator.Workflows.Operations;

public sealed record WorkflowsApiServices(IClinicalNoteWorkflowQueries Queries, IPublishEndpoint Publisher, CancellationToken CancellationToken);
