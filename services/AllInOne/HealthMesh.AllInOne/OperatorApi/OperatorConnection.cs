using System.CommandLine;
using HealthMesh.AllInOne.Hosting;

namespace HealthMesh.AllInOne.OperatorApi;

/// <summary>
/// Where and as whom an operator command calls HealthMesh: <c>--url</c>, and as credential <c>--token</c>
/// (or <c>HEALTHMESH_OPERATOR_TOKEN</c>) for an Orchestrator behind OpenID Connect, else the local operator key that
/// <c>healthmesh serve</c> keeps in <c>--data-dir</c>.
/// </summary>
public sealed class OperatorConnection
{
    public Option<string> Url { get; } = OperatorOptions.Url();

    public Option<string?> Token { get; } = OperatorOptions.Token();

    public Option<string> DataDirectory { get; } = OperatorOptions.DataDirectory();

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(DataDirectory);
    }

    public OperatorApiClient CreateClient(ParseResult parseResult)
    {
        var token = parseResult.GetValue(Token);
        var dataDirectory = parseResult.GetValue(DataDirectory)!;
        var credential = token is not null
            ? new OperatorCredential(token, $"the token from --token/{OperatorOptions.TokenVariable}")
            : LocalSecrets.ReadOperatorApiKey(dataDirectory) is { } key
                ? new OperatorCredential(key, $"the local operator key from {Path.Combine(Path.GetFullPath(dataDirectory), LocalSecrets.FileName)}")
                : null;
        return new OperatorApiClient(OperatorOptions.BaseUri(parseResult.GetValue(Url)!), credential);
    }
}

/// <param name="Bearer">Sent as <c>Authorization: Bearer</c>.</param>
/// <param name="Source">Where it came from, for the error when it is refused.</param>
public sealed record OperatorCredential(string Bearer, string Source);
