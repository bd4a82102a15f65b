using HealthMesh.Intake.Subscriptions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Notifications;

public sealed record NotificationServices(
    HttpRequest Request,
    SubscriptionAuthenticator Authenticator,
    ClinicalEventIntake Intake,
    SubscriptionTracker Tracker,
    IOptions<IntakeOptions> Options);
