using HealthMesh.Orchestrator.Feedback;
using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.Orchestrator.Governance.Monitoring;
using HealthMesh.Orchestrator.Operations;
using HealthMesh.Orchestrator.Persistence.Sagas;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Reviewers;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.Orchestrator.Workflows.Operations;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Summarization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Orchestrator;

public static class OrchestratorExtensions
{
    public const string SchemaComponent = "orchestrator";

    /// <summary>
    /// Saga queries, review service, deadline monitor, options and schema. Needs <c>AddServiceDefaults()</c> (database,
    /// documents). A host that maps the review UI/API also calls <see cref="ReviewerAuthenticationExtensions.AddReviewerAuthentication"/>.
    /// </summary>
    public static IHostApplicationBuilder AddOrchestrator(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReviewOptions>()
            .BindConfiguration(ReviewOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The review UI's code search reads Summarization's code table setting (and validates the file exists).
        builder.Services.AddOptions<SummarizationOptions>()
            .BindConfiguration(SummarizationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSchemaMigrations(SchemaComponent, typeof(OrchestratorExtensions).Assembly);
        builder.Services.TryAddSingleton<ClinicalNoteWorkflowStateMap>();
        builder.Services.TryAddSingleton<IClinicalNoteWorkflowQueries, ClinicalNoteWorkflowQueries>();
        builder.Services.TryAddSingleton<ClinicalNoteReviewStore>();
        builder.Services.TryAddSingleton<ReviewFeedbackStore>();
        builder.Services.TryAddSingleton<Icd10CodeSearch>();
        builder.Services.TryAddScoped<ReviewService>();
        builder.Services.TryAddScoped<SupersedeOlderWorkflowsActivity>();
        builder.Services.AddSingleton<ReviewDeadlineMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReviewDeadlineMonitor>());
        builder.Services.AddAntiforgery();
        builder.AddOperations();
        builder.AddMonitoring();
        builder.AddAuditTrail();
        return builder;
    }

    /// <summary>The note workflow saga on its queue, persisted in the HealthMesh database.</summary>
    public static IBusRegistrationConfigurator AddOrchestratorConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddSagaStateMachine<ClinicalNoteWorkflow, ClinicalNoteWorkflowState, ClinicalNoteWorkflowDefinition>()
            .SqlRepository<ClinicalNoteWorkflowState, ClinicalNoteWorkflowStateMap>();
        bus.AddOperationsConsumers();
        bus.AddMonitoringConsumers();
        bus.AddAuditTrailConsumers();
        return bus;
    }

    /// <summary>
    /// The review JSON API (<c>/api/reviews</c>), code search (<c>/api/codes</c>) and page (<c>/review</c>), and the
    /// operator API (<c>/api/workflows</c>), the monitoring page and report (<c>/monitoring</c>, <c>/api/monitoring</c>), behind reviewer
    /// authentication, and the login page (<c>/review/login</c>).
    /// </summary>
    public static WebApplication MapOrchestratorApi(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapReviewerLogin();
        app.MapReviewApi();
        app.MapCodeSearchApi();
        app.MapReviewPage();
        app.MapWorkflowsApi();
        app.MapOperationsApi();
        app.MapMonitoringApi();
        app.MapAuditTrailApi();
        return app;
    }
}
