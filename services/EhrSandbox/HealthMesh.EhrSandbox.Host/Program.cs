using HealthMesh.EhrSandbox;
using HealthMesh.EhrSandbox.Interactions;
using HealthMesh.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);

// The sandbox plays the EHR: it keeps its own SQLite file, so it takes telemetry and probes from the defaults but not
// HealthMesh's database or document store (AddServiceDefaults would require their settings).
builder.ConfigureOpenTelemetry();
builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
builder.AddEhrSandbox();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEhrSandboxApi("/fhir");
app.Run();
