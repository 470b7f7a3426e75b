using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeoBay.Contracts.Identity;
using NeoBay.Grants.Auth;

namespace NeoBay.Functions.Http.Identity;

public static class IdentityJson
{
    public static string Wire(BindingStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static BindingView View(BindingRecord b) => new(b.Id, b.Uscc, b.Name, b.Role, Wire(b.Status), b.RequestedAt, b.Reason, b.DecidedAt);

    public static PendingBindingView View(PendingBinding p) =>
        new(p.Binding.Id, p.Binding.Uscc, MaskName(p.Binding.Name), p.Binding.Role, Wire(p.Binding.Status), p.Binding.RequestedAt, p.LetterVerified, p.Binding.HttpETag);

    /// <summary>A person's name in a list: its first character, the rest as asterisks (张三 → 张*, 欧阳娜娜 → 欧***).</summary>
    public static string MaskName(string name)
    {
        var characters = System.Globalization.StringInfo.GetTextElementEnumerator(name);
        if (!characters.MoveNext()) return string.Empty;
        var first = characters.GetTextElement();
        var rest = 0;
        while (characters.MoveNext()) rest++;
        return rest == 0 ? "*" : first + new string('*', rest);
    }

    public static IntegratorGrantView View(IntegratorGrant g) => new(g.ClientId, g.Uscc, g.GrantedAt);

    public static ApiResult Answer<T>(int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        ApiResult.FromJson(status, JsonSerializer.Serialize(value, type));
}
