using System.CommandLine;
using HealthMesh.AllInOne.Deid;
using HealthMesh.AllInOne.Feedback;
using HealthMesh.AllInOne.Process;
using HealthMesh.AllInOne.Serve;

var root = new RootCommand("HealthMesh: FHIR events in, reviewed structured clinical notes back into the EHR.")
{
    ServeCommand.Create(),
    ProcessCommand.Create(),
    DeidCommand.Create(),
    FeedbackCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
