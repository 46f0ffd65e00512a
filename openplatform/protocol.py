"""The wire protocol of Pinduoduo's open platform (../shared/PDD-OPEN-PLATFORM.md §1), as the
real clients speak it: parameters from the query string and a JSON, urlencoded or multipart
body, signed with MD5 over the exact strings received; every answer HTTP 200, a success
under the API's wrapper key, an error as `error_response` with the platform's codes.

The error texts are the platform's own, in Chinese: clients match on them (one refreshes
its token on "access_token已过期"), so they are protocol, not interface language."""

import hashlib
import hmac
import json
import uuid

# The platform's common error codes (§1.8) and their texts, as clients expect them.
MESSAGES = {
    10000: "参数错误",
    10001: "公共参数错误",
    10016: "client下线或者clientId不正确",
    10017: "type不正确",
    10019: "access_token已过期",
    20004: "签名sign校验失败",
    20031: "用户没有授权访问此接口",
    20032: "access_token或client_id错误",
    50000: "系统内部错误",
    52004: "请求body 太大",
    52101: "当前接口被限流，请稍后重试",
    70031: "调用过于频繁，请调整调用频率",
    70032: "当前请求被禁止调用",
}


class GatewayError(Exception):
    """A refusal in the protocol's terms: `code` is the platform's error code; `sub_code`
    (a string, as strict clients need) and `sub_msg` say what exactly."""

    def __init__(self, code: int, sub_msg: str = "", *, msg: str = "", sub_code: str | None = None):
        super().__init__(f"{code} {sub_msg}")
        self.code, self.msg = code, msg or MESSAGES[code]
        self.sub_code, self.sub_msg = sub_code, sub_msg


def common_parameter_error(name: str) -> GatewayError:
    """10001 in the docs' own form: "公共参数错误:timestamp"."""
    return GatewayError(10001, f"{name}", msg=f"{MESSAGES[10001]}:{name}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def error_body(error: GatewayError, request_id: str) -> dict:
    return {
        "error_response": {
            "error_code": error.code,
            "error_msg": error.msg,
            "sub_code": error.sub_code,
            "sub_msg": error.sub_msg,
            "request_id": request_id,
        }
    }


def sign(secret: str, params: dict[str, str]) -> str:
    """UPPER(HEX(MD5(secret + Σ key+value over the keys in ascending order + secret)))."""
    source = secret + "".join(f"{key}{params[key]}" for key in sorted(params)) + secret
    return hashlib.md5(source.encode()).hexdigest().upper()  # noqa: S324  (the protocol's)


def signature_matches(secret: str, params: dict[str, str], given: str) -> bool:
    """Over exactly the parameters received; clients that leave empty values out of the
    signature (the PHP SDK) are matched on a second try without them."""
    given = (given or "").upper().encode()
    if hmac.compare_digest(sign(secret, params).encode(), given):
        return True
    filled = {key: value for key, value in params.items() if value != ""}
    return len(filled) < len(params) and hmac.compare_digest(sign(secret, filled).encode(), given)


def json_value_text(value) -> str:
    """A JSON body's value as the string the client signed: strings as they are, other
    values as their JSON text (1, true, [...])."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def read_parameters(request) -> dict[str, str]:
    """The query string merged with the body (the Python SDK puts the common parameters in
    the query and the business ones in the body); the body wins a name given twice."""
    params = {key: request.GET[key] for key in request.GET}
    content_type = request.content_type or ""
    if request.method == "POST" and content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            raise GatewayError(10001, "请求体不是合法的JSON") from error
        if not isinstance(body, dict):
            raise GatewayError(10001, "请求体须为JSON对象")
        params.update({str(key): json_value_text(value) for key, value in body.items()})
    elif request.method == "POST":
        params.update({key: request.POST[key] for key in request.POST})
    return params
