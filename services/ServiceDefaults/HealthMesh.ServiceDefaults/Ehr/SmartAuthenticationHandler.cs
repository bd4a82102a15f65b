using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>
/// Adds the SMART bearer token to every EHR request when SMART is on. A 401 (token revoked or expired early) drops the
/// token, gets a new one and sends the request once more; a second 401 goes back to the caller.
/// Sits inside the retry pipeline, so each retry attempt carries the current token.
/// </summary>
public sealed class SmartAuthenticationHandler(SmartTokenClient tokens, IOptions<EhrOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!options.Value.Smart.Enabled)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate(token);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
