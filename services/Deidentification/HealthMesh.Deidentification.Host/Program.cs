using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Audit;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDeidentification();
builder.AddHealthMeshBus(bus => bus.AddDeidentificationConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeidentificationApi();
app.Run();
