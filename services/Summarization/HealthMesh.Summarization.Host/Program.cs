using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.Summarization;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSummarization();
builder.AddHealthMeshBus(bus => bus.AddSummarizationConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
