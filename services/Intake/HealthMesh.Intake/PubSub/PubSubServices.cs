using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.PubSub;

public sealed record PubSubServices(
    HttpRequest Request,
    ClinicalEventIntake Intake,
    IOptions<PubSubOptions> Options,
    IOptions<IntakeOptions> IntakeOptions,
    ILoggerFactory LoggerFactory);
