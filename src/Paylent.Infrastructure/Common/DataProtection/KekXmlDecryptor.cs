using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.OAuth;

namespace Paylent.Infrastructure.Common.DataProtection;

/// <summary>
/// Opens what <see cref="KekXmlEncryptor"/> sealed, with the current or a previous key-encryption key.
/// ASP.NET names this type in every stored key (<c>decryptorType</c>) and creates it from that name with
/// the application's services: renaming or moving it makes the stored key ring unreadable.
/// </summary>
public sealed class KekXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        if (encryptedElement.Name != KekXmlEncryptor.SealedElement)
        {
            throw new CryptographicException($"Expected a <{KekXmlEncryptor.SealedElement}> element.");
        }

        var plaintext = services.GetRequiredService<KeyEncryption>().Open(encryptedElement.Value, KekXmlEncryptor.AssociatedData);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
