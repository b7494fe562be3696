def report_list(r):
    pass


def report_detail(r, pk):
    pass


def download(r, pk):
    pass
