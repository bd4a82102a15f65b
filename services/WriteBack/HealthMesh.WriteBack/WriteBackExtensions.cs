using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.WriteBack.Fhir;
using HealthMesh.WriteBack.Notes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.WriteBack;

public static class WriteBackExtensions
{
    /// <summary>
    /// Registers the FHIR builder, the note writer and the EHR client. The host must also bind
    /// <see cref="Reidentification.INoteReidentifier"/> (the re-identification vault), which lives with de-identification.
    /// </summary>
    public static IHostApplicationBuilder AddWriteBack(this IHostApplicationBuilder builder)
    {
        builder.AddEhrClient();
        builder.Services.AddOptions<WriteBackOptions>()
            .BindConfiguration(WriteBackOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ClinicalNoteFhirBuilder>();
        builder.Services.AddScoped<ClinicalNoteWriter>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddWriteBackConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WriteBackClinicalNoteConsumer, WriteBackClinicalNoteConsumerDefinition>();
        return bus;
    }
}
