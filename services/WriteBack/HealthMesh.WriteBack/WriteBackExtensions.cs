using HealthMesh.Deidentification.Vault;
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
    /// <summary>
    /// Registers the FHIR builder, the note writer, the EHR client, and the vault's reader (the only registration of it
    /// anywhere; the vault key ring is required at start-up) with the re-identifier over it.
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
        builder.Services.AddReidentificationVaultReader();
        builder.Services.AddSingleton<INoteReidentifier, VaultNoteReidentifier>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddWriteBackConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WriteBackClinicalNoteConsumer, WriteBackClinicalNoteConsumerDefinition>();
        return bus;
    }
}
