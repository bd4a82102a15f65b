using HealthMesh.Deidentification;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDeidentification();
builder.AddHealthMeshBus(bus => bus.AddDeidentificationConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
// The audit API is served by the Orchestrator, behind its operator role: this host authenticates no users.
app.Run();
