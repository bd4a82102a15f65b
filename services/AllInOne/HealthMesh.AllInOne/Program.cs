using System.CommandLine;
using HealthMesh.AllInOne.Audit;
using HealthMesh.AllInOne.Deid;
using HealthMesh.AllInOne.Failed;
using HealthMesh.AllInOne.Feedback;
using HealthMesh.AllInOne.Process;
using HealthMesh.AllInOne.Replay;
using HealthMesh.AllInOne.Report;
using HealthMesh.AllInOne.Serve;
using HealthMesh.AllInOne.Status;
using HealthMesh.AllInOne.Subscriptions;

var root = new RootCommand("HealthMesh: FHIR events in, reviewed structured clinical notes back into the EHR.")
{
    ServeCommand.Create(),
    ProcessCommand.Create(),
    DeidCommand.Create(),
    SubscriptionsCommand.Create(),
    FeedbackCommand.Create(),
    ReplayCommand.Create(),
    StatusCommand.Create(),
    FailedCommand.Create(),
    ReportCommand.Create(),
    AuditCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
