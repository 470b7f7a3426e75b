using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Auth;

/// <summary>The mini-program's sign-in (<c>POST /api/auth/wechat</c>).</summary>
public interface ISignInUseCase
{
    Task<Result<SignInResult>> WeChatAsync(string? code, string? uscc, CancellationToken cancellationToken = default);
}

/// <summary>Bindings of people to companies (<c>/api/me</c>, <c>/api/me/bindings</c>, <c>/api/bindings/{id}</c>).</summary>
public interface IBindingUseCases
{
    Task<Result<(BindingRecord Binding, bool Created)>> RequestAsync(Caller caller, BindingRequest request, CancellationToken cancellationToken = default);

    Task<Me> MeAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<Result<BindingRecord>> GetAsync(Caller caller, string id, CancellationToken cancellationToken = default);

    Task<Result<ListPage<PendingBinding>>> ListPendingAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    Task<Result<BindingRecord>> DecideAsync(Caller caller, string id, string? ifMatch, bool approve, string? reason, CancellationToken cancellationToken = default);

    Task<Result<UploadTicket>> RequestLetterUploadAsync(Caller caller, string id, UploadRequest request, CancellationToken cancellationToken = default);

    Task<Result<DocumentRecord>> CompleteLetterAsync(Caller caller, string id, string documentId, CancellationToken cancellationToken = default);
}

/// <summary>Integrator grants (<c>/api/me/integrators</c>, <c>/api/admin/integrators</c>).</summary>
public interface IIntegratorGrantUseCases
{
    Task<Result<IntegratorGrant>> GrantAsync(Caller caller, string? clientId, CancellationToken cancellationToken = default);

    Task<Result<IReadOnlyList<IntegratorGrant>>> ListMineAsync(Caller caller, CancellationToken cancellationToken = default);

    Task<Result<bool>> RevokeMineAsync(Caller caller, string? clientId, CancellationToken cancellationToken = default);

    Task<Result<IReadOnlyList<IntegratorGrant>>> ListAsync(string? clientId, string? uscc, CancellationToken cancellationToken = default);

    Task<Result<bool>> RevokeAsync(Caller caller, string? clientId, string? uscc, CancellationToken cancellationToken = default);
}
