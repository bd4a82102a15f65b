using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.WriteBack;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddWriteBack();
builder.AddHealthMeshBus(bus => bus.AddWriteBackConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
