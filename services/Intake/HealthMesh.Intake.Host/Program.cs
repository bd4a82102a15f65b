using HealthMesh.Intake;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIntake();
builder.AddHealthMeshBus(bus => bus.AddIntakeConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIntakeApi();
app.Run();
