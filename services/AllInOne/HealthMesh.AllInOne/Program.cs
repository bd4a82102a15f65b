using System.CommandLine;
using HealthMesh.AllInOne.Deid;
using HealthMesh.AllInOne.Process;
using HealthMesh.AllInOne.Serve;
using HealthMesh.AllInOne.Subscriptions;

var root = new RootCommand("HealthMesh: FHIR events in, reviewed structured clinical notes back into the EHR.")
{
    ServeCommand.Create(),
    ProcessCommand.Create(),
    DeidCommand.Create(),
    SubscriptionsCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
