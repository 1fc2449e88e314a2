'use strict';
// Buddhist-era years for the Django admin's calendar pop-up and "Today" link, on pages in Thai.
// The admin writes and reads date boxes with Date.strftime / String.strptime (admin/js/core.js)
// and titles its calendar with the CE year (admin/js/calendar.js); the server shows and reads
// dd/mm/yyyy with a BE year (portal/admin.py), so without this "Today" would write 2026 in a
// box showing 2569 and the calendar would open 543 years late.
//
// Installed on DOMContentLoaded: the admin's form media may place this script before core.js,
// and DateTimeShortcuts only sets up its links on the window's load event, which comes later.
{
    const BE_OFFSET = 543;
    const FIRST_BE_YEAR = 2400;  // as portal.lib.dates: a year from here on is BE

    function install() {
        const strftime = Date.prototype.strftime;
        Date.prototype.strftime = function(format) {
            const year = String(this.getFullYear() + BE_OFFSET);
            return strftime.call(this, format.replace(/%Y/g, year).replace(/%y/g, year.slice(-2)));
        };

        const strptime = String.prototype.strptime;
        String.prototype.strptime = function(format) {
            const date = strptime.call(this, format);
            const year = date.getUTCFullYear();
            if (!(year >= FIRST_BE_YEAR)) {
                return date;
            }
            return new Date(Date.UTC(year - BE_OFFSET, date.getUTCMonth(), date.getUTCDate()));
        };

        const calendar = window.CalendarNamespace;
        const draw = calendar.draw;
        calendar.draw = function(month, year, divId, callback, selected) {
            draw.call(this, month, year, divId, callback, selected);
            const caption = document.querySelector('#' + divId + ' caption');
            if (caption) {
                const name = calendar.monthsOfYear[parseInt(month) - 1];
                caption.textContent = name + ' ' + (parseInt(year) + BE_OFFSET);
            }
        };
    }

    const thai = (document.documentElement.lang || '').startsWith('th');
    if (thai) {
        document.addEventListener('DOMContentLoaded', function() {
            if (Date.prototype.strftime && String.prototype.strptime && window.CalendarNamespace) {
                install();
            }
        });
    }
}
