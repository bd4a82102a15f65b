using HealthMesh.Deidentification.Audit;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOrchestrator();
builder.AddReviewerAuthentication(developmentLoginAllowed: false);
builder.AddHealthMeshBus(bus => bus.AddOrchestratorConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOrchestratorApi();
app.MapDeidentificationApi(KnownReviewerPolicies.Operate);
app.Run();
