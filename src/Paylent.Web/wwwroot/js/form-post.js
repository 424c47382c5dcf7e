// The form_post response mode: hand the authorization response to the client at once.
document.getElementById("form-post").submit();
