using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.WriteBack.Fhir;
using HealthMesh.WriteBack.Notes;
using HealthMesh.WriteBack.Reidentification;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.WriteBack;

public static class WriteBackExtensions
{
    /// <summary>Registers the FHIR builder, the note writer, the vault-backed re-identifier and the EHR client.</summary>
    public static IHostApplicationBuilder AddWriteBack(this IHostApplicationBuilder builder)
    {
        builder.AddEhrClient();
        builder.Services.AddOptions<WriteBackOptions>()
            .BindConfiguration(WriteBackOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ClinicalNoteFhirBuilder>();
        builder.Services.AddScoped<ClinicalNoteWriter>();
        builder.Services.AddSingleton<INoteReidentifier, VaultNoteReidentifier>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddWriteBackConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WriteBackClinicalNoteConsumer, WriteBackClinicalNoteConsumerDefinition>();
        return bus;
    }
}
