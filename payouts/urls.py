from django.urls import path

from payouts import apis, views

app_name = "payouts"

urlpatterns = [
    path("", views.AccountView.as_view(), name="index"),
    path("bank-card/", views.BankCardView.as_view(), name="bank_card"),
    path("withdrawals/", views.WithdrawalCreateView.as_view(), name="withdraw"),
    path("bills/daily/", views.DailyBillView.as_view(), name="daily_bill"),
]

api_urlpatterns = [
    path("payouts/account", apis.AccountApi.as_view(), name="payouts-account"),
    path("payouts/ledger", apis.LedgerApi.as_view(), name="payouts-ledger"),
    path("payouts/ledger/totals", apis.LedgerTotalsApi.as_view(), name="payouts-ledger-totals"),
    path("payouts/bills/daily", apis.DailyBillApi.as_view(), name="payouts-daily-bill"),
    path("payouts/bank-card", apis.BankCardApi.as_view(), name="payouts-bank-card"),
    path("payouts/withdrawals", apis.WithdrawalListCreateApi.as_view(), name="payouts-withdrawals"),
    path(
        "payouts/withdrawals/<int:withdrawal_id>",
        apis.WithdrawalDetailApi.as_view(),
        name="payouts-withdrawal-detail",
    ),
]
